<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Cairn::Session</name>
    <message>
        <source>No project is open.</source>
        <translation>Kein Projekt geöffnet.</translation>
    </message>
    <message>
        <source>cancelled from the desktop app</source>
        <translation>in der Desktop-App abgebrochen</translation>
    </message>
    <message>
        <source>Run cancelled.</source>
        <translation>Lauf abgebrochen.</translation>
    </message>
    <message>
        <source>Run queued again.</source>
        <translation>Lauf erneut eingereiht.</translation>
    </message>
    <message>
        <source>Job cancelled.</source>
        <translation>Job abgebrochen.</translation>
    </message>
    <message>
        <source>Job queued again.</source>
        <translation>Job erneut eingereiht.</translation>
    </message>
    <message>
        <source>The project has no pipeline &quot;%1&quot;.</source>
        <translation>Das Projekt hat keine Pipeline „%1“.</translation>
    </message>
    <message>
        <source>%1 at character %2</source>
        <translation>%1 bei Zeichen %2</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>kein JSON-Objekt</translation>
    </message>
    <message>
        <source>The parameters are not valid: %1.</source>
        <translation>Die Parameter sind ungültig: %1.</translation>
    </message>
    <message>
        <source>Run of %1 started.</source>
        <translation>Lauf von %1 gestartet.</translation>
    </message>
    <message>
        <source>The project has no MQTT broker.</source>
        <translation>Das Projekt hat keinen MQTT-Broker.</translation>
    </message>
    <message>
        <source>Command sent.</source>
        <translation>Befehl gesendet.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not the URL of a cairnd: it takes http:// or https://, a host and a port.</source>
        <translation>„%1“ ist keine URL eines cairnd: Sie braucht http:// oder https://, einen Host und einen Port.</translation>
    </message>
    <message>
        <source>No token is given or kept for %1: %2</source>
        <translation>Für %1 ist kein Token angegeben oder gespeichert: %2</translation>
    </message>
    <message>
        <source>the server&apos;s broker</source>
        <translation>der Broker des Servers</translation>
    </message>
    <message>
        <source>Reconnecting to %1: %2</source>
        <translation>Neue Verbindung zu %1: %2</translation>
    </message>
    <message>
        <source>A server takes a command as a JSON object, such as {&quot;state&quot;: &quot;on&quot;}.</source>
        <translation>Ein Server nimmt einen Befehl als JSON-Objekt an, etwa {&quot;state&quot;: &quot;on&quot;}.</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Devices online</source>
        <translation>Geräte online</translation>
    </message>
    <message numerus="yes">
        <source>%n offline</source>
        <translation>
            <numerusform>%n offline</numerusform>
            <numerusform>%n offline</numerusform>
        </translation>
    </message>
    <message>
        <source>Queued jobs</source>
        <translation>Wartende Jobs</translation>
    </message>
    <message numerus="yes">
        <source>%n active runs</source>
        <translation>
            <numerusform>%n aktiver Lauf</numerusform>
            <numerusform>%n aktive Läufe</numerusform>
        </translation>
    </message>
    <message>
        <source>Running jobs</source>
        <translation>Laufende Jobs</translation>
    </message>
    <message>
        <source>Events per second</source>
        <translation>Ereignisse pro Sekunde</translation>
    </message>
    <message numerus="yes">
        <source>%n events in all</source>
        <translation>
            <numerusform>%n Ereignis insgesamt</numerusform>
            <numerusform>%n Ereignisse insgesamt</numerusform>
        </translation>
    </message>
    <message>
        <source>MQTT link</source>
        <translation>MQTT-Verbindung</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>wird verbunden</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <source>no broker</source>
        <translation>kein Broker</translation>
    </message>
    <message>
        <source>Recent runs</source>
        <translation>Letzte Läufe</translation>
    </message>
    <message>
        <source>No run yet. Runs start when a rule fires, or from the Runs view.</source>
        <translation>Noch kein Lauf. Läufe starten, wenn eine Regel auslöst, oder über die Ansicht „Läufe“.</translation>
    </message>
</context>
<context>
    <name>DevicesView</name>
    <message>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>no reading yet</source>
        <translation>noch kein Messwert</translation>
    </message>
    <message>
        <source>No device yet. Devices appear when the project&apos;s broker hears them.</source>
        <translation>Noch kein Gerät. Geräte erscheinen, sobald der Broker des Projekts Nachrichten von ihnen empfängt.</translation>
    </message>
    <message>
        <source>online, last seen %1</source>
        <translation>online, zuletzt gesehen am %1</translation>
    </message>
    <message>
        <source>offline since %1%2</source>
        <translation>offline seit %1%2</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Zeitfenster</translation>
    </message>
    <message>
        <source>5 minutes</source>
        <translation>5 Minuten</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 Minuten</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>6 hours</source>
        <translation>6 Stunden</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 Stunden</translation>
    </message>
    <message>
        <source>Time window of the plots</source>
        <translation>Zeitfenster der Diagramme</translation>
    </message>
    <message>
        <source>This device has sent no numeric reading in the window.</source>
        <translation>Dieses Gerät hat in diesem Zeitfenster keinen numerischen Messwert gesendet.</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Payload to publish, e.g. {&quot;state&quot;: &quot;on&quot;}</source>
        <translation>Zu sendende Nutzlast, z. B. {&quot;state&quot;: &quot;on&quot;}</translation>
    </message>
    <message>
        <source>Command payload</source>
        <translation>Befehlsnutzlast</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Choose a device to see its readings.</source>
        <translation>Wählen Sie ein Gerät, um seine Messwerte zu sehen.</translation>
    </message>
</context>
<context>
    <name>EventsView</name>
    <message>
        <source>Filter: type=cairn.job.* source=mqtt:* subject=fan</source>
        <translation>Filter: type=cairn.job.* source=mqtt:* subject=fan</translation>
    </message>
    <message>
        <source>Event filter</source>
        <translation>Ereignisfilter</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message numerus="yes">
        <source>Resume (%n new)</source>
        <translation>
            <numerusform>Fortsetzen (%n neues)</numerusform>
            <numerusform>Fortsetzen (%n neue)</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Stop the list from moving; new events are kept (Ctrl+P)</source>
        <translation>Liste anhalten; neue Ereignisse bleiben erhalten (Ctrl+P)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message numerus="yes">
        <source>%n events</source>
        <translation>
            <numerusform>%n Ereignis</numerusform>
            <numerusform>%n Ereignisse</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 from %2, sequence %3</source>
        <translation>%1 von %2, Sequenz %3</translation>
    </message>
</context>
<context>
    <name>JobPane</name>
    <message>
        <source>Cancel job</source>
        <translation>Job abbrechen</translation>
    </message>
    <message>
        <source>Retry job</source>
        <translation>Job wiederholen</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>Exit-Code</translation>
    </message>
    <message>
        <source>Attempt shown</source>
        <translation>Angezeigter Versuch</translation>
    </message>
    <message>
        <source>Attempt whose log is shown</source>
        <translation>Versuch, dessen Protokoll angezeigt wird</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message numerus="yes">
        <source>%n lines</source>
        <translation>
            <numerusform>%n Zeile</numerusform>
            <numerusform>%n Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>Find in log</source>
        <translation>Im Protokoll suchen</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Vorheriges</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nächstes</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Mitverfolgen</translation>
    </message>
    <message>
        <source>No output.</source>
        <translation>Keine Ausgabe.</translation>
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
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Ctrl+%1</source>
        <translation>Ctrl+%1</translation>
    </message>
    <message>
        <source>attached to %1</source>
        <translation>verbunden mit %1</translation>
    </message>
    <message>
        <source>running here</source>
        <translation>lokal ausgeführt</translation>
    </message>
</context>
<context>
    <name>NodesView</name>
    <message>
        <source>Search: kind=report data.temperature__gt=30 sort=-updated</source>
        <translation>Suche: kind=report data.temperature__gt=30 sort=-updated</translation>
    </message>
    <message>
        <source>Node query</source>
        <translation>Knotenabfrage</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Show tree</source>
        <translation>Baum anzeigen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>Artefakte</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>No node matches.</source>
        <translation>Keine passenden Knoten.</translation>
    </message>
    <message>
        <source>Select a node to see its data.</source>
        <translation>Wählen Sie einen Knoten, um seine Daten zu sehen.</translation>
    </message>
</context>
<context>
    <name>RunGraph</name>
    <message>
        <source>Job %1, %2</source>
        <translation>Job %1, %2</translation>
    </message>
    <message>
        <source>attempt %1</source>
        <translation>Versuch %1</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Start run…</source>
        <translation>Lauf starten…</translation>
    </message>
    <message>
        <source>Start a run of one of the project&apos;s pipelines (Ctrl+N)</source>
        <translation>Einen Lauf einer Pipeline des Projekts starten (Ctrl+N)</translation>
    </message>
    <message numerus="yes">
        <source>%n jobs</source>
        <translation>
            <numerusform>%n Job</numerusform>
            <numerusform>%n Jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>No run yet.</source>
        <translation>Noch kein Lauf.</translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translation>Lauf abbrechen</translation>
    </message>
    <message>
        <source>Retry run</source>
        <translation>Lauf wiederholen</translation>
    </message>
    <message>
        <source>Choose a run to see its stages, jobs and logs.</source>
        <translation>Wählen Sie einen Lauf, um seine Stufen, Jobs und Protokolle zu sehen.</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Project file</source>
        <translation>Projektdatei</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Trennen</translation>
    </message>
    <message>
        <source>Close project</source>
        <translation>Projekt schließen</translation>
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
        <translation>Das Projekt hat keinen MQTT-Broker.</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>wird verbunden</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <source>no broker</source>
        <translation>kein Broker</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Design</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
</context>
<context>
    <name>StartRunDialog</name>
    <message>
        <source>Start a run</source>
        <translation>Lauf starten</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <source>This pipeline takes no input.</source>
        <translation>Diese Pipeline hat keine Eingaben.</translation>
    </message>
    <message>
        <source>%1 (required)</source>
        <translation>%1 (erforderlich)</translation>
    </message>
    <message>
        <source>Inputs, as a JSON object</source>
        <translation>Eingaben als JSON-Objekt</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>available</source>
        <translation>verfügbar</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>closing</source>
        <translation>wird abgeschlossen</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>unvollständig</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
</context>
<context>
    <name>TimePlot</name>
    <message>
        <source>No reading in this window.</source>
        <translation>Kein Messwert in diesem Zeitfenster.</translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <source>Open a project file</source>
        <translation>Projektdatei öffnen</translation>
    </message>
    <message>
        <source>Project files (*.yaml *.yml)</source>
        <translation>Projektdateien (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cairn</source>
        <translation>Cairn</translation>
    </message>
    <message>
        <source>Open a project to run it on this computer, or attach to a cairnd.</source>
        <translation>Öffnen Sie ein Projekt, um es auf diesem Computer auszuführen, oder verbinden Sie sich mit einem cairnd.</translation>
    </message>
    <message>
        <source>Open project file…</source>
        <translation>Projektdatei öffnen…</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>Zuletzt verwendete Projekte</translation>
    </message>
    <message>
        <source>Attach to a cairnd</source>
        <translation>Mit einem cairnd verbinden</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>URL of the cairnd</source>
        <translation>URL des cairnd</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Kept in the system keychain; empty: the one kept for this URL</source>
        <translation>Im Schlüsselbund des Systems gespeichert; leer: der für diese URL gespeicherte</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <source>Optional: a PEM file to trust</source>
        <translation>Optional: eine PEM-Datei, der vertraut wird</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>CA-Zertifikatsdatei</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>The Cairn operator console: runs a project here or attaches to a cairnd.</source>
        <translation>Die Cairn-Bedienkonsole: führt ein Projekt lokal aus oder verbindet sich mit einem cairnd.</translation>
    </message>
    <message>
        <source>Open this project file at start.</source>
        <translation>Diese Projektdatei beim Start öffnen.</translation>
    </message>
    <message>
        <source>Show this view first: dashboard, nodes, events, runs, devices or settings.</source>
        <translation>Diese Ansicht zuerst zeigen: dashboard, nodes, events, runs, devices oder settings.</translation>
    </message>
    <message>
        <source>Speak this language (en, fr, de) instead of the one set in the app or the system&apos;s.</source>
        <translation>Diese Sprache (en, fr, de) verwenden statt der in der App oder im System eingestellten.</translation>
    </message>
    <message>
        <source>Print the milliseconds from start to the first frame of the open project, then quit.</source>
        <translation>Die Millisekunden vom Start bis zum ersten Frame des geöffneten Projekts ausgeben, dann beenden.</translation>
    </message>
    <message>
        <source>Quit after this many seconds.</source>
        <translation>Nach so vielen Sekunden beenden.</translation>
    </message>
</context>
</TS>
