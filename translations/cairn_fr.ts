<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>Cairn::Session</name>
    <message>
        <source>No project is open.</source>
        <translation>Aucun projet n’est ouvert.</translation>
    </message>
    <message>
        <source>cancelled from the desktop app</source>
        <translation>annulée depuis l’application de bureau</translation>
    </message>
    <message>
        <source>Run cancelled.</source>
        <translation>Exécution annulée.</translation>
    </message>
    <message>
        <source>Run queued again.</source>
        <translation>Exécution remise en file d’attente.</translation>
    </message>
    <message>
        <source>Job cancelled.</source>
        <translation>Tâche annulée.</translation>
    </message>
    <message>
        <source>Job queued again.</source>
        <translation>Tâche remise en file d’attente.</translation>
    </message>
    <message>
        <source>The project has no pipeline &quot;%1&quot;.</source>
        <translation>Le projet n’a pas de pipeline «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>%1 at character %2</source>
        <translation>%1 au caractère %2</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>pas un objet JSON</translation>
    </message>
    <message>
        <source>The parameters are not valid: %1.</source>
        <translation>Les paramètres ne sont pas valides&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Run of %1 started.</source>
        <translation>Exécution de %1 lancée.</translation>
    </message>
    <message>
        <source>The project has no MQTT broker.</source>
        <translation>Le projet n’a pas de broker MQTT.</translation>
    </message>
    <message>
        <source>Command sent.</source>
        <translation>Commande envoyée.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not the URL of a cairnd: it takes http:// or https://, a host and a port.</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas l’URL d’un cairnd&#xa0;: il faut http:// ou https://, un hôte et un port.</translation>
    </message>
    <message>
        <source>No token is given or kept for %1: %2</source>
        <translation>Aucun jeton n’est donné ni conservé pour %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>the server&apos;s broker</source>
        <translation>le broker du serveur</translation>
    </message>
    <message>
        <source>Reconnecting to %1: %2</source>
        <translation>Reconnexion à %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>A server takes a command as a JSON object, such as {&quot;state&quot;: &quot;on&quot;}.</source>
        <translation>Un serveur attend une commande sous forme d’objet JSON, par exemple {&quot;state&quot;: &quot;on&quot;}.</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Devices online</source>
        <translation>Appareils en ligne</translation>
    </message>
    <message numerus="yes">
        <source>%n offline</source>
        <translation>
            <numerusform>%n hors ligne</numerusform>
            <numerusform>%n hors ligne</numerusform>
        </translation>
    </message>
    <message>
        <source>Queued jobs</source>
        <translation>Tâches en attente</translation>
    </message>
    <message numerus="yes">
        <source>%n active runs</source>
        <translation>
            <numerusform>%n exécution active</numerusform>
            <numerusform>%n exécutions actives</numerusform>
        </translation>
    </message>
    <message>
        <source>Running jobs</source>
        <translation>Tâches en cours</translation>
    </message>
    <message>
        <source>Events per second</source>
        <translation>Événements par seconde</translation>
    </message>
    <message numerus="yes">
        <source>%n events in all</source>
        <translation>
            <numerusform>%n événement au total</numerusform>
            <numerusform>%n événements au total</numerusform>
        </translation>
    </message>
    <message>
        <source>MQTT link</source>
        <translation>Liaison MQTT</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>connectée</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>connexion en cours</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>déconnectée</translation>
    </message>
    <message>
        <source>no broker</source>
        <translation>aucun broker</translation>
    </message>
    <message>
        <source>Recent runs</source>
        <translation>Exécutions récentes</translation>
    </message>
    <message>
        <source>No run yet. Runs start when a rule fires, or from the Runs view.</source>
        <translation>Aucune exécution pour l’instant. Les exécutions démarrent quand une règle se déclenche, ou depuis la vue Exécutions.</translation>
    </message>
</context>
<context>
    <name>DevicesView</name>
    <message>
        <source>Devices</source>
        <translation>Appareils</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>online</source>
        <translation>en ligne</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>hors ligne</translation>
    </message>
    <message>
        <source>no reading yet</source>
        <translation>aucune mesure pour l’instant</translation>
    </message>
    <message>
        <source>No device yet. Devices appear when the project&apos;s broker hears them.</source>
        <translation>Aucun appareil pour l’instant. Les appareils apparaissent dès que le broker du projet les entend.</translation>
    </message>
    <message>
        <source>online, last seen %1</source>
        <translation>en ligne, vu pour la dernière fois le %1</translation>
    </message>
    <message>
        <source>offline since %1%2</source>
        <translation>hors ligne depuis le %1%2</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenêtre</translation>
    </message>
    <message>
        <source>5 minutes</source>
        <translation>5 minutes</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 minutes</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 heure</translation>
    </message>
    <message>
        <source>6 hours</source>
        <translation>6 heures</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 heures</translation>
    </message>
    <message>
        <source>Time window of the plots</source>
        <translation>Fenêtre temporelle des graphiques</translation>
    </message>
    <message>
        <source>This device has sent no numeric reading in the window.</source>
        <translation>Cet appareil n’a envoyé aucune mesure numérique dans cette fenêtre.</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Payload to publish, e.g. {&quot;state&quot;: &quot;on&quot;}</source>
        <translation>Charge utile à publier, p. ex. {&quot;state&quot;: &quot;on&quot;}</translation>
    </message>
    <message>
        <source>Command payload</source>
        <translation>Charge utile de la commande</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <source>Choose a device to see its readings.</source>
        <translation>Choisissez un appareil pour voir ses mesures.</translation>
    </message>
</context>
<context>
    <name>EventsView</name>
    <message>
        <source>Filter: type=cairn.job.* source=mqtt:* subject=fan</source>
        <translation>Filtre&#xa0;: type=cairn.job.* source=mqtt:* subject=fan</translation>
    </message>
    <message>
        <source>Event filter</source>
        <translation>Filtre d’événements</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message numerus="yes">
        <source>Resume (%n new)</source>
        <translation>
            <numerusform>Reprendre (%n nouveau)</numerusform>
            <numerusform>Reprendre (%n nouveaux)</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Stop the list from moving; new events are kept (Ctrl+P)</source>
        <translation>Figer la liste&#xa0;; les nouveaux événements sont conservés (Ctrl+P)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message numerus="yes">
        <source>%n events</source>
        <translation>
            <numerusform>%n événement</numerusform>
            <numerusform>%n événements</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 from %2, sequence %3</source>
        <translation>%1 de %2, séquence %3</translation>
    </message>
</context>
<context>
    <name>JobPane</name>
    <message>
        <source>Cancel job</source>
        <translation>Annuler la tâche</translation>
    </message>
    <message>
        <source>Retry job</source>
        <translation>Relancer la tâche</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Tentative</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>Code de sortie</translation>
    </message>
    <message>
        <source>Attempt shown</source>
        <translation>Tentative affichée</translation>
    </message>
    <message>
        <source>Attempt whose log is shown</source>
        <translation>Tentative dont le journal est affiché</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Journal</translation>
    </message>
    <message numerus="yes">
        <source>%n lines</source>
        <translation>
            <numerusform>%n ligne</numerusform>
            <numerusform>%n lignes</numerusform>
        </translation>
    </message>
    <message>
        <source>Find in log</source>
        <translation>Rechercher dans le journal</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Précédent</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Suivant</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Suivre</translation>
    </message>
    <message>
        <source>No output.</source>
        <translation>Aucune sortie.</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>%1 — Cairn</source>
        <translation>%1 — Cairn</translation>
    </message>
    <message>
        <source>Cairn</source>
        <translation>Cairn</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Nœuds</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Événements</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Exécutions</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Appareils</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Ctrl+%1</source>
        <translation>Ctrl+%1</translation>
    </message>
    <message>
        <source>attached to %1</source>
        <translation>connecté à %1</translation>
    </message>
    <message>
        <source>running here</source>
        <translation>exécution locale</translation>
    </message>
</context>
<context>
    <name>NodesView</name>
    <message>
        <source>Search: kind=report data.temperature__gt=30 sort=-updated</source>
        <translation>Recherche&#xa0;: kind=report data.temperature__gt=30 sort=-updated</translation>
    </message>
    <message>
        <source>Node query</source>
        <translation>Requête de nœuds</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Show tree</source>
        <translation>Afficher l’arbre</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créé</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Mis à jour</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>Artefacts</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <source>No node matches.</source>
        <translation>Aucun nœud ne correspond.</translation>
    </message>
    <message>
        <source>Select a node to see its data.</source>
        <translation>Sélectionnez un nœud pour voir ses données.</translation>
    </message>
</context>
<context>
    <name>RunGraph</name>
    <message>
        <source>Job %1, %2</source>
        <translation>Tâche %1, %2</translation>
    </message>
    <message>
        <source>attempt %1</source>
        <translation>tentative %1</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <source>Runs</source>
        <translation>Exécutions</translation>
    </message>
    <message>
        <source>Start run…</source>
        <translation>Lancer une exécution…</translation>
    </message>
    <message>
        <source>Start a run of one of the project&apos;s pipelines (Ctrl+N)</source>
        <translation>Lancer une exécution de l’un des pipelines du projet (Ctrl+N)</translation>
    </message>
    <message numerus="yes">
        <source>%n jobs</source>
        <translation>
            <numerusform>%n tâche</numerusform>
            <numerusform>%n tâches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n échouée</numerusform>
            <numerusform>%n échouées</numerusform>
        </translation>
    </message>
    <message>
        <source>No run yet.</source>
        <translation>Aucune exécution pour l’instant.</translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translation>Annuler l’exécution</translation>
    </message>
    <message>
        <source>Retry run</source>
        <translation>Relancer l’exécution</translation>
    </message>
    <message>
        <source>Choose a run to see its stages, jobs and logs.</source>
        <translation>Choisissez une exécution pour voir ses étapes, ses tâches et ses journaux.</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projet</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>Project file</source>
        <translation>Fichier du projet</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Se déconnecter</translation>
    </message>
    <message>
        <source>Close project</source>
        <translation>Fermer le projet</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>Broker</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>The project has no MQTT broker.</source>
        <translation>Le projet n’a pas de broker MQTT.</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Liaison</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>connectée</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>connexion en cours</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>déconnectée</translation>
    </message>
    <message>
        <source>no broker</source>
        <translation>aucun broker</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Apparence</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Thème</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>Comme le système</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
</context>
<context>
    <name>StartRunDialog</name>
    <message>
        <source>Start a run</source>
        <translation>Lancer une exécution</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Entrées</translation>
    </message>
    <message>
        <source>This pipeline takes no input.</source>
        <translation>Ce pipeline ne prend aucune entrée.</translation>
    </message>
    <message>
        <source>%1 (required)</source>
        <translation>%1 (obligatoire)</translation>
    </message>
    <message>
        <source>Inputs, as a JSON object</source>
        <translation>Entrées, sous forme d’objet JSON</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>ready</source>
        <translation>prête</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminée</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erreur</translation>
    </message>
    <message>
        <source>available</source>
        <translation>disponible</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>closing</source>
        <translation>en clôture</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>réussie</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>échouée</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>ignorée</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>incomplète</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1&#xa0;ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1&#xa0;s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1&#xa0;min %2&#xa0;s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1&#xa0;h %2&#xa0;min</translation>
    </message>
</context>
<context>
    <name>TimePlot</name>
    <message>
        <source>No reading in this window.</source>
        <translation>Aucune mesure dans cette fenêtre.</translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <source>Open a project file</source>
        <translation>Ouvrir un fichier de projet</translation>
    </message>
    <message>
        <source>Project files (*.yaml *.yml)</source>
        <translation>Fichiers de projet (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Cairn</source>
        <translation>Cairn</translation>
    </message>
    <message>
        <source>Open a project to run it on this computer, or attach to a cairnd.</source>
        <translation>Ouvrez un projet pour l’exécuter sur cet ordinateur, ou connectez-vous à un cairnd.</translation>
    </message>
    <message>
        <source>Open project file…</source>
        <translation>Ouvrir un fichier de projet…</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>Projets récents</translation>
    </message>
    <message>
        <source>Attach to a cairnd</source>
        <translation>Se connecter à un cairnd</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>URL of the cairnd</source>
        <translation>URL du cairnd</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Jeton</translation>
    </message>
    <message>
        <source>Kept in the system keychain; empty: the one kept for this URL</source>
        <translation>Conservé dans le trousseau du système&#xa0;; vide&#xa0;: celui conservé pour cette URL</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>Certificat CA</translation>
    </message>
    <message>
        <source>Optional: a PEM file to trust</source>
        <translation>Facultatif&#xa0;: un fichier PEM de confiance</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>Fichier du certificat CA</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Se connecter</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>The Cairn operator console: runs a project here or attaches to a cairnd.</source>
        <translation>La console d’opération Cairn&#xa0;: exécute un projet ici ou se connecte à un cairnd.</translation>
    </message>
    <message>
        <source>Open this project file at start.</source>
        <translation>Ouvrir ce fichier de projet au démarrage.</translation>
    </message>
    <message>
        <source>Show this view first: dashboard, nodes, events, runs, devices or settings.</source>
        <translation>Afficher d’abord cette vue&#xa0;: dashboard, nodes, events, runs, devices ou settings.</translation>
    </message>
    <message>
        <source>Speak this language (en, fr, de) instead of the one set in the app or the system&apos;s.</source>
        <translation>Utiliser cette langue (en, fr, de) au lieu de celle choisie dans l’application ou de celle du système.</translation>
    </message>
    <message>
        <source>Print the milliseconds from start to the first frame of the open project, then quit.</source>
        <translation>Afficher le nombre de millisecondes entre le démarrage et la première image du projet ouvert, puis quitter.</translation>
    </message>
    <message>
        <source>Quit after this many seconds.</source>
        <translation>Quitter après ce nombre de secondes.</translation>
    </message>
</context>
</TS>
