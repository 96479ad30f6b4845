<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>ProfileOpener</name>
    <message>
        <source>%1 exists without a profile database. Restore profile.db from a backup, or remove the salt file to start a new profile.</source>
        <translation>%1 existiert ohne Profildatenbank. Stellen Sie profile.db aus einer Sicherung wieder her oder entfernen Sie die Salt-Datei, um ein neues Profil anzulegen.</translation>
    </message>
    <message>
        <source>Cannot use the key file: %1</source>
        <translation>Die Schlüsseldatei kann nicht verwendet werden: %1</translation>
    </message>
    <message>
        <source>The key in %1 does not open the profile in %2: wrong key file.</source>
        <translation>Der Schlüssel in %1 öffnet das Profil in %2 nicht: falsche Schlüsseldatei.</translation>
    </message>
    <message>
        <source>Cannot open the profile in %1: %2</source>
        <translation>Das Profil in %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the passphrase settings of this profile: %1</source>
        <translation>Die Passphrase-Einstellungen dieses Profils können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Wrong passphrase. Please try again.</source>
        <translation>Falsche Passphrase. Bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Cannot open the profile: %1</source>
        <translation>Das Profil kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>The system keychain holds no key for the profile in %1. If the profile was created with a key file, start Ferry with --key-file FILE. If the folder was moved or copied, its key is still filed under the old location.</source>
        <translation>Der Schlüsselbund des Systems enthält keinen Schlüssel für das Profil in %1. Wurde das Profil mit einer Schlüsseldatei angelegt, starten Sie Ferry mit --key-file FILE. Wurde der Ordner verschoben oder kopiert, ist sein Schlüssel noch unter dem alten Ort abgelegt.</translation>
    </message>
    <message>
        <source>The key of the profile in %1 is kept in the system keychain, but no keychain is available (%2). Start your desktop&apos;s keychain service (for example GNOME Keyring or KWallet) and try again, or start Ferry with --key-file FILE.</source>
        <translation>Der Schlüssel des Profils in %1 liegt im Schlüsselbund des Systems, aber es ist kein Schlüsselbund verfügbar (%2). Starten Sie den Schlüsselbunddienst Ihrer Arbeitsumgebung (zum Beispiel GNOME Keyring oder KWallet) und versuchen Sie es erneut, oder starten Sie Ferry mit --key-file FILE.</translation>
    </message>
    <message>
        <source>The system keychain did not give out the key of the profile in %1 (%2). Unlock the keychain or allow Ferry to use it, then try again.</source>
        <translation>Der Schlüsselbund des Systems hat den Schlüssel des Profils in %1 nicht herausgegeben (%2). Entsperren Sie den Schlüsselbund oder erlauben Sie Ferry den Zugriff und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The key in the system keychain does not open the profile in %1.</source>
        <translation>Der Schlüssel im Schlüsselbund des Systems öffnet das Profil in %1 nicht.</translation>
    </message>
    <message>
        <source>Ferry could not store the key in the system keychain (%1). Choose a passphrase instead.</source>
        <translation>Ferry konnte den Schlüssel nicht im Schlüsselbund des Systems speichern (%1). Wählen Sie stattdessen eine Passphrase.</translation>
    </message>
    <message>
        <source>Cannot write the key file: %1</source>
        <translation>Die Schlüsseldatei kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>the keychain refused the key</source>
        <translation>der Schlüsselbund hat den Schlüssel abgelehnt</translation>
    </message>
    <message>
        <source>Cannot write the salt file: %1</source>
        <translation>Die Salt-Datei kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Cannot create the profile folder %1: %2</source>
        <translation>Der Profilordner %1 kann nicht angelegt werden: %2</translation>
    </message>
    <message>
        <source>Cannot create the profile in %1: %2</source>
        <translation>Das Profil in %1 kann nicht angelegt werden: %2</translation>
    </message>
    <message>
        <source>Cannot store the relay directories in the new profile: %1</source>
        <translation>Die Relay-Verzeichnisse konnten nicht im neuen Profil gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>ferry::app::InAppRelay</name>
    <message>
        <source>could not create the relay&apos;s certificates: %1</source>
        <translation>die Zertifikate des Relays konnten nicht erstellt werden: %1</translation>
    </message>
    <message>
        <source>could not keep the relay&apos;s key in the profile: %1</source>
        <translation>der Schlüssel des Relays konnte nicht im Profil gespeichert werden: %1</translation>
    </message>
    <message>
        <source>the relay&apos;s settings are damaged: %1</source>
        <translation>die Einstellungen des Relays sind beschädigt: %1</translation>
    </message>
    <message>
        <source>the relay&apos;s certificates are damaged: %1</source>
        <translation>die Zertifikate des Relays sind beschädigt: %1</translation>
    </message>
</context>
<context>
    <name>ferry::ui::AddressDialog</name>
    <message>
        <source>&amp;Create address</source>
        <translation>Adresse &amp;erstellen</translation>
    </message>
    <message>
        <source>&amp;Delete address…</source>
        <translation>Adresse &amp;löschen…</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>Erneut &amp;versuchen</translation>
    </message>
    <message>
        <source>My address</source>
        <translation>Meine Adresse</translation>
    </message>
    <message>
        <source>You have no address yet.</source>
        <translation>Sie haben noch keine Adresse.</translation>
    </message>
    <message>
        <source>An address is a link you can publish — on a website, a business card, in an email signature. Unlike an invitation it works many times: anyone who has it can ask to become your contact, and you accept or reject each request. You can delete it at any time; contacts you made through it stay.</source>
        <translation>Eine Adresse ist ein Link, den Sie veröffentlichen können – auf einer Website, einer Visitenkarte oder in einer E-Mail-Signatur. Anders als eine Einladung funktioniert sie beliebig oft: Wer sie hat, kann anfragen, Ihr Kontakt zu werden, und Sie nehmen jede Anfrage an oder lehnen sie ab. Sie können sie jederzeit löschen; Kontakte, die Sie darüber gewonnen haben, bleiben bestehen.</translation>
    </message>
    <message>
        <source>Anyone who scans this code or opens the link can ask to become your contact. You accept or reject each request.</source>
        <translation>Wer diesen Code scannt oder den Link öffnet, kann anfragen, Ihr Kontakt zu werden. Sie nehmen jede Anfrage an oder lehnen sie ab.</translation>
    </message>
    <message>
        <source>Loading your address…</source>
        <translation>Adresse wird geladen…</translation>
    </message>
    <message>
        <source>Creating your address…</source>
        <translation>Adresse wird erstellt…</translation>
    </message>
    <message>
        <source>Delete your address?</source>
        <translation>Adresse löschen?</translation>
    </message>
    <message>
        <source>People who have your address will no longer be able to ask to become your contact. Contacts you made through it stay.</source>
        <translation>Wer Ihre Adresse hat, kann dann nicht mehr anfragen, Ihr Kontakt zu werden. Kontakte, die Sie darüber gewonnen haben, bleiben bestehen.</translation>
    </message>
    <message>
        <source>Delete address</source>
        <translation>Adresse löschen</translation>
    </message>
    <message>
        <source>Deleting your address…</source>
        <translation>Adresse wird gelöscht…</translation>
    </message>
</context>
<context>
    <name>ferry::ui::CameraScanner</name>
    <message>
        <source>Scan with camera</source>
        <translation>Mit Kamera scannen</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <source>Camera preview</source>
        <translation>Kameravorschau</translation>
    </message>
    <message>
        <source>No camera found. Connect a camera, or scan the code from an image or the screen instead.</source>
        <translation>Keine Kamera gefunden. Schließen Sie eine Kamera an oder scannen Sie den Code stattdessen aus einem Bild oder vom Bildschirm.</translation>
    </message>
    <message>
        <source>The camera could not be used: %1. If another app is using it, close that app; check that Ferry is allowed to use the camera.</source>
        <translation>Die Kamera konnte nicht verwendet werden: %1. Falls eine andere Anwendung sie verwendet, schließen Sie diese; prüfen Sie außerdem, ob Ferry die Kamera verwenden darf.</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>Hold the QR code in front of the camera.</source>
        <translation>Halten Sie den QR-Code vor die Kamera.</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>Kamera wird gestartet…</translation>
    </message>
    <message>
        <source>This QR code is not a Ferry link. Show the code from Ferry&apos;s &quot;Invite someone&quot; or &quot;My address&quot;.</source>
        <translation>Dieser QR-Code ist kein Ferry-Link. Zeigen Sie den Code aus „Jemanden einladen“ oder „Meine Adresse“ in Ferry.</translation>
    </message>
</context>
<context>
    <name>ferry::ui::ChatText</name>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <source>Sent to the relay</source>
        <translation>An das Relay gesendet</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Nicht gesendet</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
</context>
<context>
    <name>ferry::ui::Composer</name>
    <message>
        <source>Send (Enter)</source>
        <translation>Senden (Eingabetaste)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Write a message…</source>
        <translation>Nachricht schreiben…</translation>
    </message>
</context>
<context>
    <name>ferry::ui::ConnectDialog</name>
    <message>
        <source>Images (%1)</source>
        <translation>Bilder (%1)</translation>
    </message>
    <message>
        <source>C&amp;onnect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Scan with &amp;camera…</source>
        <translation>Mit &amp;Kamera scannen…</translation>
    </message>
    <message>
        <source>Open &amp;image…</source>
        <translation>&amp;Bild öffnen…</translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation>Bild ein&amp;fügen</translation>
    </message>
    <message>
        <source>Scan &amp;screen…</source>
        <translation>Bild&amp;schirm scannen…</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Paste the link someone gave you — an invitation or an address — or scan their QR code.</source>
        <translation>Fügen Sie den Link ein, den Sie erhalten haben – eine Einladung oder eine Adresse –, oder scannen Sie den zugehörigen QR-Code.</translation>
    </message>
    <message>
        <source>ferry:/…</source>
        <translation>ferry:/…</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>&amp;Link:</source>
        <translation>&amp;Link:</translation>
    </message>
    <message>
        <source>Scan a QR code from a picture or screenshot</source>
        <translation>QR-Code aus einem Bild oder Bildschirmfoto scannen</translation>
    </message>
    <message>
        <source>Scan a QR code from an image you copied</source>
        <translation>QR-Code aus einem kopierten Bild scannen</translation>
    </message>
    <message>
        <source>Scan a QR code shown on your screen, for example in a video call</source>
        <translation>QR-Code vom Bildschirm scannen, zum Beispiel aus einem Videoanruf</translation>
    </message>
    <message>
        <source>Scan a QR code:</source>
        <translation>QR-Code scannen:</translation>
    </message>
    <message>
        <source>You can also drop an image of the code onto this window.</source>
        <translation>Sie können auch ein Bild des Codes auf dieses Fenster ziehen.</translation>
    </message>
    <message>
        <source>No QR code found</source>
        <translation>Kein QR-Code gefunden</translation>
    </message>
    <message>
        <source>No QR code found in this image. Try a sharper picture in which the whole code is visible.</source>
        <translation>In diesem Bild wurde kein QR-Code gefunden. Versuchen Sie es mit einem schärferen Bild, auf dem der ganze Code zu sehen ist.</translation>
    </message>
    <message>
        <source>Cannot open the image</source>
        <translation>Bild kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>This file could not be opened as an image. Choose a PNG or JPEG picture of the QR code.</source>
        <translation>Diese Datei konnte nicht als Bild geöffnet werden. Wählen Sie ein PNG- oder JPEG-Bild des QR-Codes.</translation>
    </message>
    <message>
        <source>Not a Ferry link</source>
        <translation>Kein Ferry-Link</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Could not connect</source>
        <translation>Verbindung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Open an image of the QR code</source>
        <translation>Bild des QR-Codes öffnen</translation>
    </message>
    <message>
        <source>No image on the clipboard</source>
        <translation>Kein Bild in der Zwischenablage</translation>
    </message>
    <message>
        <source>There is no image on the clipboard. Copy a picture of the QR code first, or paste a copied link into the link field.</source>
        <translation>In der Zwischenablage ist kein Bild. Kopieren Sie zuerst ein Bild des QR-Codes oder fügen Sie einen kopierten Link in das Linkfeld ein.</translation>
    </message>
    <message>
        <source>Cannot scan the screen</source>
        <translation>Bildschirm kann nicht gescannt werden</translation>
    </message>
    <message>
        <source>The QR code does not hold a Ferry link. %1</source>
        <translation>Der QR-Code enthält keinen Ferry-Link. %1</translation>
    </message>
    <message>
        <source>Looking for a QR code…</source>
        <translation>QR-Code wird gesucht…</translation>
    </message>
    <message>
        <source>Scan a QR code held up to your camera</source>
        <translation>QR-Code scannen, der vor die Kamera gehalten wird</translation>
    </message>
    <message>
        <source>No camera found</source>
        <translation>Keine Kamera gefunden</translation>
    </message>
</context>
<context>
    <name>ferry::ui::ContactDelegate</name>
    <message>
        <source>Waiting for the connection to complete…</source>
        <translation>Warten auf den Abschluss der Verbindung…</translation>
    </message>
    <message>
        <source>Left the conversation</source>
        <translation>Hat die Unterhaltung verlassen</translation>
    </message>
    <message>
        <source>Connected. Say hello!</source>
        <translation>Verbunden. Sagen Sie Hallo!</translation>
    </message>
</context>
<context>
    <name>ferry::ui::ConversationView</name>
    <message>
        <source>Contact options</source>
        <translation>Kontaktoptionen</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Delete contact…</source>
        <translation>Kontakt löschen…</translation>
    </message>
    <message>
        <source>No messages yet.
Say hello — only the two of you can read it.</source>
        <translation>Noch keine Nachrichten.
Sagen Sie Hallo – nur Sie beide können es lesen.</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;img src=&quot;:/icons/ferry.svg&quot; width=&quot;96&quot; height=&quot;96&quot;&gt;&lt;/p&gt;&lt;h2&gt;Welcome to Ferry&lt;/h2&gt;&lt;p&gt;Choose a conversation on the left, or add someone:&lt;br&gt;&lt;b&gt;Invite someone&lt;/b&gt; shows a one-time QR code for them to scan;&lt;br&gt;&lt;b&gt;I have a link or QR code&lt;/b&gt; takes theirs.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;img src=&quot;:/icons/ferry.svg&quot; width=&quot;96&quot; height=&quot;96&quot;&gt;&lt;/p&gt;&lt;h2&gt;Willkommen bei Ferry&lt;/h2&gt;&lt;p&gt;Wählen Sie links eine Unterhaltung oder fügen Sie jemanden hinzu:&lt;br&gt;&lt;b&gt;Jemanden einladen&lt;/b&gt; zeigt einen einmaligen QR-Code, den die andere Person scannt;&lt;br&gt;&lt;b&gt;Ich habe einen Link oder QR-Code&lt;/b&gt; nimmt ihren entgegen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Choose a contact on the left, or invite someone.</source>
        <translation>Wählen Sie links einen Kontakt oder laden Sie jemanden ein.</translation>
    </message>
    <message>
        <source>End-to-end encrypted</source>
        <translation>Ende-zu-Ende-verschlüsselt</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>The connection with %1 is not complete yet. You can write as soon as both of your apps have exchanged keys — they need to be online once.</source>
        <translation>Die Verbindung mit %1 ist noch nicht vollständig. Sie können schreiben, sobald Ihre beiden Apps Schlüssel ausgetauscht haben – dazu müssen beide einmal online sein.</translation>
    </message>
    <message>
        <source>Left the conversation</source>
        <translation>Hat die Unterhaltung verlassen</translation>
    </message>
    <message>
        <source>%1 deleted this conversation on their side. Messages can no longer reach them; invite them again to talk.</source>
        <translation>%1 hat diese Unterhaltung auf der eigenen Seite gelöscht. Nachrichten kommen dort nicht mehr an; laden Sie den Kontakt erneut ein, um wieder zu schreiben.</translation>
    </message>
    <message>
        <source>Rename contact</source>
        <translation>Kontakt umbenennen</translation>
    </message>
    <message>
        <source>The name you see for this contact (only on this device):</source>
        <translation>Der Name, unter dem Sie diesen Kontakt sehen (nur auf diesem Gerät):</translation>
    </message>
    <message>
        <source>Delete contact</source>
        <translation>Kontakt löschen</translation>
    </message>
    <message>
        <source>Delete %1 and your conversation? Your queues on the relays are deleted too; %1 will no longer be able to reach you. This cannot be undone.</source>
        <translation>%1 und die Unterhaltung löschen? Ihre Warteschlangen auf den Relays werden ebenfalls gelöscht; %1 kann Sie dann nicht mehr erreichen. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Move to other relays…</source>
        <translation>Zu anderen Relays umziehen…</translation>
    </message>
    <message>
        <source>Move to other relays</source>
        <translation>Zu anderen Relays umziehen</translation>
    </message>
    <message>
        <source>Move your conversation with %1 to relays of other operators?</source>
        <translation>Ihre Unterhaltung mit %1 auf Relays anderer Betreiber umziehen?</translation>
    </message>
    <message>
        <source>Ferry sets up new relays for the messages %1 sends you, and stops using the current ones once %1&apos;s app has switched. Messages on their way are not lost. Use this when a relay is unreliable or you no longer trust it.</source>
        <translation>Ferry richtet neue Relays für die Nachrichten ein, die %1 Ihnen sendet, und verwendet die bisherigen nicht mehr, sobald die App von %1 gewechselt hat. Unterwegs befindliche Nachrichten gehen nicht verloren. Nutzen Sie dies, wenn ein Relay unzuverlässig ist oder Sie ihm nicht mehr vertrauen.</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Umziehen</translation>
    </message>
    <message>
        <source>There is no relay of another operator to move your conversation with %1 to. Add a relay or a relay directory under Settings → Relays, then try again.</source>
        <translation>Es gibt kein Relay eines anderen Betreibers, auf das Ihre Unterhaltung mit %1 umziehen könnte. Fügen Sie unter Einstellungen → Relays ein Relay oder ein Relay-Verzeichnis hinzu und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>Could not move your conversation with %1 to other relays: %2</source>
        <translation>Ihre Unterhaltung mit %1 konnte nicht auf andere Relays umziehen: %2</translation>
    </message>
</context>
<context>
    <name>ferry::ui::DirectoryList</name>
    <message>
        <source>Enter the directory&apos;s address; it looks like https://fingerprint@host:port.</source>
        <translation>Geben Sie die Adresse des Verzeichnisses ein; sie hat die Form https://Fingerabdruck@Host:Port.</translation>
    </message>
    <message>
        <source>A relay directory&apos;s address starts with https://, for example https://fingerprint@directory.example.org.</source>
        <translation>Die Adresse eines Relay-Verzeichnisses beginnt mit https://, zum Beispiel https://Fingerabdruck@directory.example.org.</translation>
    </message>
    <message>
        <source>The address lacks the directory&apos;s fingerprint: it looks like https://fingerprint@host:port.</source>
        <translation>Der Adresse fehlt der Fingerabdruck des Verzeichnisses: Sie hat die Form https://Fingerabdruck@Host:Port.</translation>
    </message>
    <message>
        <source>This is not a valid directory address (%1). Check that you copied all of it.</source>
        <translation>Das ist keine gültige Verzeichnisadresse (%1). Prüfen Sie, ob Sie sie vollständig kopiert haben.</translation>
    </message>
</context>
<context>
    <name>ferry::ui::DirectorySettingsBox</name>
    <message>
        <source>Relay directories</source>
        <translation>Relay-Verzeichnisse</translation>
    </message>
    <message>
        <source>A relay directory keeps a list of volunteer relays that it has seen working; Ferry picks the relays for new conversations from it.</source>
        <translation>Ein Relay-Verzeichnis führt eine Liste freiwillig betriebener Relays, die es funktionieren sah; Ferry wählt daraus die Relays für neue Unterhaltungen.</translation>
    </message>
    <message>
        <source>None yet: new conversations go on your own relays.</source>
        <translation>Noch keines: Neue Unterhaltungen laufen über Ihre eigenen Relays.</translation>
    </message>
    <message>
        <source>Rem&amp;ove directory</source>
        <translation>Verzeichnis ent&amp;fernen</translation>
    </message>
    <message>
        <source>https://fingerprint@host:port</source>
        <translation>https://Fingerabdruck@Host:Port</translation>
    </message>
    <message>
        <source>Add a dir&amp;ectory:</source>
        <translation>Neues &amp;Verzeichnis:</translation>
    </message>
    <message>
        <source>Add dire&amp;ctory</source>
        <translation>Verzeichnis hin&amp;zufügen</translation>
    </message>
    <message>
        <source>Put new conversations only on my own relay&amp;s</source>
        <translation>Neue Unterhaltungen nur auf &amp;meine eigenen Relays legen</translation>
    </message>
    <message>
        <source>The directories are then not asked; your contacts reach you through the relays in your own list.</source>
        <translation>Die Verzeichnisse werden dann nicht gefragt; Ihre Kontakte erreichen Sie über die Relays in Ihrer eigenen Liste.</translation>
    </message>
    <message>
        <source>New conversations now go only on your own relays.</source>
        <translation>Neue Unterhaltungen laufen jetzt nur über Ihre eigenen Relays.</translation>
    </message>
    <message>
        <source>New conversations now use relays from your directories.</source>
        <translation>Neue Unterhaltungen nutzen jetzt Relays aus Ihren Verzeichnissen.</translation>
    </message>
    <message>
        <source>The relay directories could not be read: %1</source>
        <translation>Die Relay-Verzeichnisse konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>This directory is already in the list.</source>
        <translation>Dieses Verzeichnis steht bereits in der Liste.</translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation>%1 hinzugefügt.</translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation>%1 entfernt.</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n directories.</source>
        <translation>
            <numerusform>%n Verzeichnis entfernt.</numerusform>
            <numerusform>%n Verzeichnisse entfernt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>The relay directories could not be saved: %1</source>
        <translation>Die Relay-Verzeichnisse konnten nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>ferry::ui::EngineAdapter</name>
    <message>
        <source>Paste a Ferry link first.</source>
        <translation>Fügen Sie zuerst einen Ferry-Link ein.</translation>
    </message>
    <message>
        <source>This is not a Ferry link. Ferry links start with &quot;ferry:/&quot;.</source>
        <translation>Dies ist kein Ferry-Link. Ferry-Links beginnen mit „ferry:/“.</translation>
    </message>
    <message>
        <source>This Ferry link is damaged or incomplete (%1). Ask for the link again.</source>
        <translation>Dieser Ferry-Link ist beschädigt oder unvollständig (%1). Bitten Sie erneut um den Link.</translation>
    </message>
</context>
<context>
    <name>ferry::ui::FailureText</name>
    <message>
        <source>This invitation link was already used, or it was deleted. Ask for a new one.</source>
        <translation>Dieser Einladungslink wurde bereits verwendet oder gelöscht. Bitten Sie um einen neuen.</translation>
    </message>
    <message>
        <source>Something went wrong.</source>
        <translation>Etwas ist schiefgelaufen.</translation>
    </message>
    <message>
        <source>No relay can take a new conversation: you have no relay of your own, and no relay directory offered one. Add a relay or a relay directory under Settings → Relays, then try again.</source>
        <translation>Kein Relay kann eine neue Unterhaltung aufnehmen: Sie haben kein eigenes Relay, und kein Relay-Verzeichnis hat eines angeboten. Fügen Sie unter Einstellungen → Relays ein Relay oder ein Relay-Verzeichnis hinzu und versuchen Sie es dann erneut.</translation>
    </message>
</context>
<context>
    <name>ferry::ui::InviteDialog</name>
    <message>
        <source>&amp;Try again</source>
        <translation>Erneut &amp;versuchen</translation>
    </message>
    <message>
        <source>Invite someone</source>
        <translation>Jemanden einladen</translation>
    </message>
    <message>
        <source>Creating your link…</source>
        <translation>Link wird erstellt…</translation>
    </message>
    <message>
        <source>Creating your link</source>
        <translation>Link wird erstellt</translation>
    </message>
    <message>
        <source>Let the person you want to add scan this code with Ferry, or send them the link.</source>
        <translation>Lassen Sie die Person, die Sie hinzufügen möchten, diesen Code mit Ferry scannen, oder senden Sie ihr den Link.</translation>
    </message>
    <message>
        <source>This link works once: the first person who uses it becomes your contact. To add someone else, make a new invitation.</source>
        <translation>Dieser Link funktioniert nur einmal: Die erste Person, die ihn verwendet, wird Ihr Kontakt. Um jemand anderen hinzuzufügen, erstellen Sie eine neue Einladung.</translation>
    </message>
    <message>
        <source>Your invitation could not be created.</source>
        <translation>Die Einladung konnte nicht erstellt werden.</translation>
    </message>
</context>
<context>
    <name>ferry::ui::LinkSharePanel</name>
    <message>
        <source>&amp;Copy link</source>
        <translation>Link &amp;kopieren</translation>
    </message>
    <message>
        <source>&amp;Save image…</source>
        <translation>Bild &amp;speichern…</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Save the QR code as a PNG image, to print or send</source>
        <translation>QR-Code als PNG-Bild speichern, zum Drucken oder Versenden</translation>
    </message>
    <message>
        <source>Copied ✓</source>
        <translation>Kopiert ✓</translation>
    </message>
    <message>
        <source>Save QR code</source>
        <translation>QR-Code speichern</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Could not save the image</source>
        <translation>Bild konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>The QR code could not be saved to %1. Choose another folder.</source>
        <translation>Der QR-Code konnte nicht unter %1 gespeichert werden. Wählen Sie einen anderen Ordner.</translation>
    </message>
</context>
<context>
    <name>ferry::ui::MainWindow</name>
    <message>
        <source>Ferry — %1</source>
        <translation>Ferry – %1</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>Chats</translation>
    </message>
    <message>
        <source>Invite someone</source>
        <translation>Jemanden einladen</translation>
    </message>
    <message>
        <source>Connect with a link or QR code</source>
        <translation>Mit Link oder QR-Code verbinden</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Search contacts</source>
        <translation>Kontakte suchen</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>No contacts yet.
Ferry has no user names or numbers: you add people with a one-time link or its QR code.</source>
        <translation>Noch keine Kontakte.
Ferry kennt keine Benutzernamen oder Telefonnummern: Kontakte fügen Sie mit einem einmaligen Link oder dessen QR-Code hinzu.</translation>
    </message>
    <message>
        <source>I have a link or QR code</source>
        <translation>Ich habe einen Link oder QR-Code</translation>
    </message>
    <message>
        <source>&amp;Ferry</source>
        <translation>&amp;Ferry</translation>
    </message>
    <message>
        <source>&amp;Profiles</source>
        <translation>&amp;Profile</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Contacts</source>
        <translation>&amp;Kontakte</translation>
    </message>
    <message>
        <source>&amp;Invite someone…</source>
        <translation>Jemanden &amp;einladen…</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>&amp;Connect with a link or QR code…</source>
        <translation>Mit Link oder QR-Code &amp;verbinden…</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>My &amp;address…</source>
        <translation>Meine &amp;Adresse…</translation>
    </message>
    <message>
        <source>Contact &amp;requests…</source>
        <translation>Kontaktan&amp;fragen…</translation>
    </message>
    <message>
        <source>&amp;Find contact</source>
        <translation>Kontakt &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Ferry</source>
        <translation>&amp;Über Ferry</translation>
    </message>
    <message>
        <source>About Ferry</source>
        <translation>Über Ferry</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Ferry %1&lt;/h3&gt;&lt;p&gt;A private messenger without user identifiers, and a relay node for the community.&lt;/p&gt;&lt;p&gt;Messages are end-to-end encrypted and pass through relays that speak the SimpleX Messaging Protocol.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Ferry %1&lt;/h3&gt;&lt;p&gt;Ein privater Messenger ohne Benutzerkennungen und ein Relay-Knoten für die Gemeinschaft.&lt;/p&gt;&lt;p&gt;Nachrichten sind Ende-zu-Ende-verschlüsselt und laufen über Relays, die das SimpleX Messaging Protocol sprechen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;New profile…</source>
        <translation>&amp;Neues Profil…</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Neues Profil</translation>
    </message>
    <message>
        <source>A name for the new profile&apos;s folder (only you see it; you choose the name your contacts see next):</source>
        <translation>Ein Name für den Ordner des neuen Profils (nur Sie sehen ihn; den Namen, den Ihre Kontakte sehen, wählen Sie im nächsten Schritt):</translation>
    </message>
    <message>
        <source>A profile name cannot contain slashes or start with a dot.</source>
        <translation>Ein Profilname darf keine Schrägstriche enthalten und nicht mit einem Punkt beginnen.</translation>
    </message>
    <message numerus="yes">
        <source>%n contact request(s) waiting</source>
        <translation>
            <numerusform>%n Kontaktanfrage wartet</numerusform>
            <numerusform>%n Kontaktanfragen warten</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot reach the relay %1 (%2). Your messages wait and go out as soon as it is back.</source>
        <translation>Das Relay %1 ist nicht erreichbar (%2). Ihre Nachrichten warten und werden gesendet, sobald es wieder erreichbar ist.</translation>
    </message>
    <message>
        <source>Ferry</source>
        <translation>Ferry</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Relay node</source>
        <translation>Relay-Knoten</translation>
    </message>
    <message>
        <source>Contribute as &amp;relay</source>
        <translation>Als &amp;Relay beitragen</translation>
    </message>
</context>
<context>
    <name>ferry::ui::MessageBubble</name>
    <message>
        <source>Retry</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>The relay refused this message. Send it again.</source>
        <translation>Das Relay hat diese Nachricht abgelehnt. Senden Sie sie erneut.</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>noch nicht gesendet</translation>
    </message>
    <message>
        <source>Waiting to be sent: %1</source>
        <translation>Wartet auf das Senden: %1</translation>
    </message>
    <message>
        <source>Try to send it now.</source>
        <translation>Jetzt zu senden versuchen.</translation>
    </message>
</context>
<context>
    <name>ferry::ui::MessageEdit</name>
    <message>
        <source>Write a message…</source>
        <translation>Nachricht schreiben…</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
</context>
<context>
    <name>ferry::ui::NodeController</name>
    <message>
        <source>today&apos;s traffic quota is used up; it resumes tomorrow</source>
        <translation>Das heutige Datenkontingent ist aufgebraucht; es geht morgen weiter</translation>
    </message>
    <message>
        <source>this month&apos;s traffic quota is used up; it resumes next month</source>
        <translation>Das Datenkontingent dieses Monats ist aufgebraucht; es geht nächsten Monat weiter</translation>
    </message>
    <message>
        <source>90% of today&apos;s traffic quota is used</source>
        <translation>90 % des heutigen Datenkontingents sind verbraucht</translation>
    </message>
    <message>
        <source>90% of this month&apos;s traffic quota is used</source>
        <translation>90 % des Datenkontingents dieses Monats sind verbraucht</translation>
    </message>
    <message>
        <source>the computer runs on battery; it resumes on mains power</source>
        <translation>der Computer läuft mit Akku; es geht weiter, sobald er am Netz ist</translation>
    </message>
    <message>
        <source>the network connection is metered</source>
        <translation>die Netzwerkverbindung ist getaktet (volumenbasiert)</translation>
    </message>
</context>
<context>
    <name>ferry::ui::NodeLimitsDialog</name>
    <message>
        <source>Relay limits</source>
        <translation>Relay-Grenzen</translation>
    </message>
    <message>
        <source>The TCP port your relay listens on, from %1 to %2.</source>
        <translation>Der TCP-Port, auf dem Ihr Relay lauscht, von %1 bis %2.</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>&amp;Storage for waiting messages:</source>
        <translation>Spei&amp;cher für wartende Nachrichten:</translation>
    </message>
    <message>
        <source>&amp;Daily traffic quota:</source>
        <translation>&amp;Tägliches Datenkontingent:</translation>
    </message>
    <message>
        <source>&amp;Monthly traffic quota:</source>
        <translation>&amp;Monatliches Datenkontingent:</translation>
    </message>
    <message>
        <source>Maximum &amp;connections:</source>
        <translation>Maximale &amp;Verbindungen:</translation>
    </message>
    <message>
        <source>Your relay stays within these limits. At 90% of a traffic quota it takes no new queues; at 100% it pauses until the quota starts over the next day or month.</source>
        <translation>Ihr Relay hält sich an diese Grenzen. Bei 90 % eines Datenkontingents nimmt es keine neuen Warteschlangen mehr an; bei 100 % pausiert es, bis das Kontingent am nächsten Tag oder im nächsten Monat neu beginnt.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>MB</source>
        <translation>MB</translation>
    </message>
    <message>
        <source>GB</source>
        <translation>GB</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>Choose a port from %1 to %2; the ports below %1 need administrator rights.</source>
        <translation>Wählen Sie einen Port von %1 bis %2; die Ports unter %1 erfordern Administratorrechte.</translation>
    </message>
    <message>
        <source>Give your relay at least %1 of storage, or it cannot keep messages for anyone.</source>
        <translation>Geben Sie Ihrem Relay mindestens %1 Speicher, sonst kann es für niemanden Nachrichten aufbewahren.</translation>
    </message>
    <message>
        <source>A daily quota under %1 would pause your relay within minutes. Choose more, or no limit.</source>
        <translation>Ein tägliches Kontingent unter %1 würde Ihr Relay innerhalb von Minuten pausieren. Wählen Sie mehr oder „Unbegrenzt“.</translation>
    </message>
    <message>
        <source>A monthly quota under %1 would pause your relay within minutes. Choose more, or no limit.</source>
        <translation>Ein monatliches Kontingent unter %1 würde Ihr Relay innerhalb von Minuten pausieren. Wählen Sie mehr oder „Unbegrenzt“.</translation>
    </message>
    <message>
        <source>The monthly quota is smaller than the daily quota. Raise the monthly quota or lower the daily one.</source>
        <translation>Das monatliche Kontingent ist kleiner als das tägliche. Erhöhen Sie das monatliche Kontingent oder senken Sie das tägliche.</translation>
    </message>
    <message>
        <source>Allow at least %1 connections, or hardly anyone can use your relay.</source>
        <translation>Erlauben Sie mindestens %1 Verbindungen, sonst kann kaum jemand Ihr Relay nutzen.</translation>
    </message>
    <message>
        <source>Pause while the computer runs on &amp;battery</source>
        <translation>Pausieren, solange der Computer mit &amp;Akku läuft</translation>
    </message>
    <message>
        <source>Only where the system tells Ferry; elsewhere the relay keeps running.</source>
        <translation>Nur wo das System es Ferry mitteilt; sonst läuft das Relay weiter.</translation>
    </message>
    <message>
        <source>Pause on a metered &amp;network</source>
        <translation>In einem getakteten &amp;Netzwerk pausieren</translation>
    </message>
    <message>
        <source>Forward messages for &amp;private routing</source>
        <translation>Nachrichten für &amp;privates Routing weiterleiten</translation>
    </message>
    <message>
        <source>People who use your relay can send through it to their contacts&apos; relays, which then do not see their addresses. Your relay cannot read what it forwards.</source>
        <translation>Wer Ihr Relay nutzt, kann darüber an die Relays seiner Kontakte senden, die dann seine Adresse nicht sehen. Ihr Relay kann nicht lesen, was es weiterleitet.</translation>
    </message>
    <message>
        <source> KB/s</source>
        <translation> KB/s</translation>
    </message>
    <message>
        <source>The most your relay may send, and separately receive, per second. At least %1 KB/s.</source>
        <translation>Höchstens so viel darf Ihr Relay pro Sekunde senden – und getrennt davon empfangen. Mindestens %1 KB/s.</translation>
    </message>
    <message>
        <source>Band&amp;width each way:</source>
        <translation>Band&amp;breite je Richtung:</translation>
    </message>
    <message>
        <source>Allow at least %1 KB/s, or no limit: one message is 16 KB.</source>
        <translation>Erlauben Sie mindestens %1 KB/s oder keine Grenze: eine Nachricht ist 16 KB groß.</translation>
    </message>
    <message>
        <source>&amp;List my relay in the relay directories</source>
        <translation>Mein Relay in die Relay-Verzeichnisse &amp;eintragen</translation>
    </message>
    <message>
        <source>Your relay registers with the relay directories in your settings, which check that it works before they list it. Other people&apos;s Ferry apps then find it and can put new conversations on it.</source>
        <translation>Ihr Relay registriert sich bei den Relay-Verzeichnissen aus Ihren Einstellungen, die prüfen, ob es funktioniert, bevor sie es aufnehmen. Die Ferry-Apps anderer Leute finden es dann und können neue Unterhaltungen darüber laufen lassen.</translation>
    </message>
</context>
<context>
    <name>ferry::ui::NodePanel</name>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Contribute as &amp;relay</source>
        <translation>Als &amp;Relay beitragen</translation>
    </message>
    <message>
        <source>While this is on and Ferry is open, your computer carries encrypted messages for other people. Nobody on it can read them.</source>
        <translation>Solange dies eingeschaltet und Ferry geöffnet ist, befördert Ihr Computer verschlüsselte Nachrichten für andere Menschen. Niemand an diesem Computer kann sie lesen.</translation>
    </message>
    <message>
        <source>&amp;Limits…</source>
        <translation>&amp;Grenzen…</translation>
    </message>
    <message>
        <source>Port, storage, traffic quotas and connections your relay may use</source>
        <translation>Port, Speicher, Datenkontingente und Verbindungen, die Ihr Relay nutzen darf</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>Uptime:</source>
        <translation>Laufzeit:</translation>
    </message>
    <message>
        <source>Connections now:</source>
        <translation>Verbindungen jetzt:</translation>
    </message>
    <message>
        <source>Queues hosted:</source>
        <translation>Warteschlangen auf Ihrem Relay:</translation>
    </message>
    <message>
        <source>Messages relayed:</source>
        <translation>Weitergeleitete Nachrichten:</translation>
    </message>
    <message>
        <source>People it helped in the last 24 hours:</source>
        <translation>Menschen, denen es in den letzten 24 Stunden geholfen hat:</translation>
    </message>
    <message>
        <source>Forwarded privately:</source>
        <translation>Privat weitergeleitet:</translation>
    </message>
    <message>
        <source>Messages your relay forwarded to other relays for private routing: their recipients&apos; relays did not see the senders&apos; addresses.</source>
        <translation>Nachrichten, die Ihr Relay für privates Routing an andere Relays weitergeleitet hat: Die Relays der Empfänger haben die Adressen der Absender nicht gesehen.</translation>
    </message>
    <message>
        <source>%L1 this session</source>
        <translation>%L1 in dieser Sitzung</translation>
    </message>
    <message>
        <source>off (Limits)</source>
        <translation>aus (Grenzen)</translation>
    </message>
    <message>
        <source>Storage used:</source>
        <translation>Belegter Speicher:</translation>
    </message>
    <message>
        <source>Traffic today:</source>
        <translation>Datenverkehr heute:</translation>
    </message>
    <message>
        <source>Traffic this month:</source>
        <translation>Datenverkehr in diesem Monat:</translation>
    </message>
    <message>
        <source>How many queues received messages through your relay in the last 24 hours: about one per person.</source>
        <translation>Wie viele Warteschlangen in den letzten 24 Stunden Nachrichten über Ihr Relay erhalten haben: etwa eine pro Person.</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>Datenverkehr</translation>
    </message>
    <message>
        <source>Last &amp;hour</source>
        <translation>Letzte &amp;Stunde</translation>
    </message>
    <message>
        <source>Last &amp;day</source>
        <translation>Letzter &amp;Tag</translation>
    </message>
    <message>
        <source>Last mon&amp;th</source>
        <translation>Letzter &amp;Monat</translation>
    </message>
    <message>
        <source>Your relay&apos;s address</source>
        <translation>Adresse Ihres Relays</translation>
    </message>
    <message>
        <source>Your relay gets its address the first time it runs. Turn on “Contribute as relay” to get one.</source>
        <translation>Ihr Relay erhält seine Adresse, wenn es zum ersten Mal läuft. Schalten Sie „Als Relay beitragen“ ein, um eine zu erhalten.</translation>
    </message>
    <message>
        <source>Relay address</source>
        <translation>Relay-Adresse</translation>
    </message>
    <message>
        <source>&amp;Copy address</source>
        <translation>Adresse &amp;kopieren</translation>
    </message>
    <message>
        <source>Share this address: people who add it to their relays can receive messages through your relay.</source>
        <translation>Teilen Sie diese Adresse: Wer sie zu seinen Relays hinzufügt, kann Nachrichten über Ihr Relay empfangen.</translation>
    </message>
    <message>
        <source>Reachability</source>
        <translation>Erreichbarkeit</translation>
    </message>
    <message>
        <source>External address:</source>
        <translation>Externe Adresse:</translation>
    </message>
    <message>
        <source>Port mapping:</source>
        <translation>Portweiterleitung:</translation>
    </message>
    <message>
        <source>Reachable from the internet:</source>
        <translation>Aus dem Internet erreichbar:</translation>
    </message>
    <message>
        <source>Relay directory</source>
        <translation>Relay-Verzeichnis</translation>
    </message>
    <message>
        <source>Turn on “Contribute as relay” to carry encrypted messages for other people while Ferry is open.</source>
        <translation>Schalten Sie „Als Relay beitragen“ ein, um verschlüsselte Nachrichten für andere Menschen zu befördern, solange Ferry geöffnet ist.</translation>
    </message>
    <message>
        <source>Share the address below so that others can use your relay.</source>
        <translation>Teilen Sie die Adresse unten, damit andere Ihr Relay nutzen können.</translation>
    </message>
    <message>
        <source>It keeps delivering messages to the queues it already hosts.</source>
        <translation>Es stellt weiterhin Nachrichten an die Warteschlangen zu, die es bereits führt.</translation>
    </message>
    <message>
        <source>It starts again by itself when the quota starts over. You can raise the quota under Limits.</source>
        <translation>Es startet von selbst wieder, wenn das Kontingent neu beginnt. Sie können das Kontingent unter „Grenzen“ erhöhen.</translation>
    </message>
    <message>
        <source>Try again, or change the port under Limits if another program uses it.</source>
        <translation>Versuchen Sie es erneut, oder ändern Sie den Port unter „Grenzen“, falls ein anderes Programm ihn nutzt.</translation>
    </message>
    <message>
        <source>%1 this session</source>
        <translation>%1 in dieser Sitzung</translation>
    </message>
    <message>
        <source>not running now</source>
        <translation>läuft gerade nicht</translation>
    </message>
    <message>
        <source>%1 · %2 of the last 7 days · %3 of the last 30 days</source>
        <translation>%1 · %2 der letzten 7 Tage · %3 der letzten 30 Tage</translation>
    </message>
    <message>
        <source>%L1 of at most %L2</source>
        <translation>%L1 von höchstens %L2</translation>
    </message>
    <message>
        <source>%L1 this session · %L2 today · %L3 all time</source>
        <translation>%L1 in dieser Sitzung · %L2 heute · %L3 insgesamt</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1, no limit</source>
        <translation>%1, unbegrenzt</translation>
    </message>
    <message>
        <source>Copied ✓</source>
        <translation>Kopiert ✓</translation>
    </message>
    <message>
        <source>This computer&apos;s own address: it has a public one</source>
        <translation>Die eigene Adresse dieses Computers: Er hat eine öffentliche</translation>
    </message>
    <message>
        <source>Not known: another NAT in front of your router hides it</source>
        <translation>Nicht bekannt: Ein weiteres NAT vor Ihrem Router verbirgt sie</translation>
    </message>
    <message>
        <source>Not known yet: your router has not told Ferry</source>
        <translation>Noch nicht bekannt: Ihr Router hat sie Ferry nicht mitgeteilt</translation>
    </message>
    <message>
        <source>Not known yet: Ferry asks your router while your relay runs</source>
        <translation>Noch nicht bekannt: Ferry fragt Ihren Router, während Ihr Relay läuft</translation>
    </message>
    <message>
        <source>no lease: Ferry deletes it when your relay stops</source>
        <translation>ohne Ablaufzeit: Ferry löscht sie, wenn Ihr Relay anhält</translation>
    </message>
    <message>
        <source>lease %1 left</source>
        <translation>noch %1 gültig</translation>
    </message>
    <message>
        <source>Your router forwards port %1 to this computer (%2) · %3</source>
        <translation>Ihr Router leitet Port %1 an diesen Computer weiter (%2) · %3</translation>
    </message>
    <message>
        <source>Asking your router to forward port %1…</source>
        <translation>Ihr Router wird gebeten, Port %1 weiterzuleiten …</translation>
    </message>
    <message>
        <source>Deleting the mapping on your router…</source>
        <translation>Die Weiterleitung auf Ihrem Router wird gelöscht …</translation>
    </message>
    <message>
        <source>Not possible: your router is itself behind another NAT (double NAT or carrier-grade NAT)</source>
        <translation>Nicht möglich: Ihr Router steht selbst hinter einem weiteren NAT (doppeltes NAT oder Carrier-Grade-NAT)</translation>
    </message>
    <message>
        <source>Failed: no router answered UPnP or NAT-PMP, or it refused. Ferry tries again in a few minutes.</source>
        <translation>Fehlgeschlagen: Kein Router hat auf UPnP oder NAT-PMP geantwortet, oder er hat abgelehnt. Ferry versucht es in einigen Minuten erneut.</translation>
    </message>
    <message>
        <source>Failed: the router stopped forwarding the port. Ferry tries again in a few minutes.</source>
        <translation>Fehlgeschlagen: Der Router leitet den Port nicht mehr weiter. Ferry versucht es in einigen Minuten erneut.</translation>
    </message>
    <message>
        <source>Not needed: this computer has a public address</source>
        <translation>Nicht nötig: Dieser Computer hat eine öffentliche Adresse</translation>
    </message>
    <message>
        <source>Not tried yet: Ferry asks your router while your relay runs</source>
        <translation>Noch nicht versucht: Ferry fragt Ihren Router, während Ihr Relay läuft</translation>
    </message>
    <message>
        <source>the router forwards a port to this computer</source>
        <translation>Der Router leitet einen Port an diesen Computer weiter</translation>
    </message>
    <message>
        <source>this computer has a public address</source>
        <translation>Dieser Computer hat eine öffentliche Adresse</translation>
    </message>
    <message>
        <source>probably only on your local network: double NAT or carrier-grade NAT is in the way</source>
        <translation>wahrscheinlich nur in Ihrem lokalen Netzwerk: Doppeltes NAT oder Carrier-Grade-NAT steht im Weg</translation>
    </message>
    <message>
        <source>probably only on your local network: the router does not support port mapping</source>
        <translation>wahrscheinlich nur in Ihrem lokalen Netzwerk: Der Router unterstützt keine Portweiterleitung</translation>
    </message>
    <message>
        <source>Ferry has not asked your router yet</source>
        <translation>Ferry hat Ihren Router noch nicht gefragt</translation>
    </message>
    <message>
        <source>Tunnel:</source>
        <translation>Tunnel:</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <source>Ask another relay to dial your relay back now</source>
        <translation>Jetzt ein anderes Relay bitten, Ihr Relay von außen anzuwählen</translation>
    </message>
    <message>
        <source>%1, as another relay saw this computer</source>
        <translation>%1, so wie ein anderes Relay diesen Computer sah</translation>
    </message>
    <message>
        <source>Yes: %1 reached it from outside at %2</source>
        <translation>Ja: %1 hat es um %2 von außen erreicht</translation>
    </message>
    <message>
        <source>It saw this computer as %1.</source>
        <translation>Es sah diesen Computer als %1.</translation>
    </message>
    <message>
        <source>Not verified lately: the last check, at %1, got through</source>
        <translation>Zuletzt nicht bestätigt: die letzte Prüfung um %1 kam durch</translation>
    </message>
    <message>
        <source>No: %1 could not reach it (checked at %2)</source>
        <translation>Nein: %1 konnte es nicht erreichen (geprüft um %2)</translation>
    </message>
    <message>
        <source>Checking: another relay is dialling it back…</source>
        <translation>Wird geprüft: ein anderes Relay wählt es von außen an…</translation>
    </message>
    <message>
        <source>no relay has dialled it back yet</source>
        <translation>noch kein Relay hat es von außen angewählt</translation>
    </message>
    <message>
        <source>Not verified yet: %1. A Ferry relay in your relay list can check it.</source>
        <translation>Noch nicht bestätigt: %1. Ein Ferry-Relay in deiner Relay-Liste kann es prüfen.</translation>
    </message>
    <message>
        <source>Not needed so far</source>
        <translation>Bisher nicht nötig</translation>
    </message>
    <message>
        <source>Open: clients reach your relay through %1, port %2</source>
        <translation>Offen: Clients erreichen Ihr Relay über %1, Port %2</translation>
    </message>
    <message>
        <source>Opening a tunnel through one of your relays…</source>
        <translation>Tunnel über eines deiner Relays wird geöffnet…</translation>
    </message>
    <message>
        <source>Refused: your relay does not carry a tunnel for this one. Ferry asks again in a few minutes.</source>
        <translation>Abgelehnt: Ihr Relay trägt keinen Tunnel für dieses. Ferry fragt in einigen Minuten erneut.</translation>
    </message>
    <message>
        <source>Interrupted: Ferry reconnects in a moment</source>
        <translation>Unterbrochen: Ferry verbindet sich gleich neu</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>Only on this network: %1 reached it at %2, a local address, at %3</source>
        <translation>Nur in diesem Netz: %1 hat es um %3 unter %2 erreicht, einer lokalen Adresse</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
</context>
<context>
    <name>ferry::ui::NodeStatus</name>
    <message>
        <source>Your relay is running but takes no new queues: %1</source>
        <translation>Ihr Relay läuft, nimmt aber keine neuen Warteschlangen an: %1</translation>
    </message>
    <message>
        <source>Your relay is running but takes no new queues: 90% of this month&apos;s traffic quota is used.</source>
        <translation>Ihr Relay läuft, nimmt aber keine neuen Warteschlangen an: 90 % des Datenkontingents dieses Monats sind verbraucht.</translation>
    </message>
    <message>
        <source>Your relay is running but takes no new queues: 90% of today&apos;s traffic quota is used.</source>
        <translation>Ihr Relay läuft, nimmt aber keine neuen Warteschlangen an: 90 % des heutigen Datenkontingents sind verbraucht.</translation>
    </message>
    <message>
        <source>Your relay is running but takes no new queues: a traffic quota is nearly used up.</source>
        <translation>Ihr Relay läuft, nimmt aber keine neuen Warteschlangen an: Ein Datenkontingent ist fast aufgebraucht.</translation>
    </message>
    <message>
        <source>Your relay is paused: %1</source>
        <translation>Ihr Relay ist pausiert: %1</translation>
    </message>
    <message>
        <source>Your relay is paused until next month: this month&apos;s traffic quota is used up.</source>
        <translation>Ihr Relay ist bis zum nächsten Monat pausiert: Das Datenkontingent dieses Monats ist aufgebraucht.</translation>
    </message>
    <message>
        <source>Your relay is paused until tomorrow: today&apos;s traffic quota is used up.</source>
        <translation>Ihr Relay ist bis morgen pausiert: Das heutige Datenkontingent ist aufgebraucht.</translation>
    </message>
    <message>
        <source>Your relay is paused.</source>
        <translation>Ihr Relay ist pausiert.</translation>
    </message>
    <message>
        <source>Your relay is stopped.</source>
        <translation>Ihr Relay ist angehalten.</translation>
    </message>
    <message>
        <source>Starting your relay…</source>
        <translation>Ihr Relay wird gestartet…</translation>
    </message>
    <message>
        <source>Your relay is running. Whether it is reachable from the internet is not known yet.</source>
        <translation>Ihr Relay läuft. Ob es aus dem Internet erreichbar ist, ist noch nicht bekannt.</translation>
    </message>
    <message>
        <source>Your relay could not start.</source>
        <translation>Ihr Relay konnte nicht starten.</translation>
    </message>
    <message>
        <source>Your relay could not start: %1</source>
        <translation>Ihr Relay konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 Sek.</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 Std.</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 Tg.</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 Tg. %2 Std.</translation>
    </message>
    <message>
        <source>Your relay is running; the router forwards port %1 to it (%2). Whether it is reachable from the internet is not verified yet.</source>
        <translation>Ihr Relay läuft; der Router leitet Port %1 an es weiter (%2). Ob es aus dem Internet erreichbar ist, ist noch nicht geprüft.</translation>
    </message>
    <message>
        <source>Your relay is running on this computer&apos;s public address. Whether it is reachable from the internet is not verified yet.</source>
        <translation>Ihr Relay läuft unter der öffentlichen Adresse dieses Computers. Ob es aus dem Internet erreichbar ist, ist noch nicht geprüft.</translation>
    </message>
    <message>
        <source>Your relay is running; Ferry is asking the router to forward its port.</source>
        <translation>Ihr Relay läuft; Ferry bittet den Router, seinen Port weiterzuleiten.</translation>
    </message>
    <message>
        <source>Your relay is running, reachable only on your local network: double NAT / carrier-grade NAT.</source>
        <translation>Ihr Relay läuft, ist aber nur in Ihrem lokalen Netzwerk erreichbar: doppeltes NAT / Carrier-Grade-NAT.</translation>
    </message>
    <message>
        <source>Your relay is running, reachable only on your local network: the router does not support port mapping.</source>
        <translation>Ihr Relay läuft, ist aber nur in Ihrem lokalen Netzwerk erreichbar: Der Router unterstützt keine Portweiterleitung.</translation>
    </message>
    <message>
        <source>Your relay is running, but the router stopped forwarding its port; Ferry tries again in a few minutes.</source>
        <translation>Ihr Relay läuft, aber der Router leitet seinen Port nicht mehr weiter; Ferry versucht es in einigen Minuten erneut.</translation>
    </message>
    <message>
        <source>UPnP</source>
        <translation>UPnP</translation>
    </message>
    <message>
        <source>NAT-PMP</source>
        <translation>NAT-PMP</translation>
    </message>
    <message>
        <source>no method</source>
        <translation>kein Verfahren</translation>
    </message>
    <message>
        <source>Your relay is running and reachable from the internet through a tunnel via %1.</source>
        <translation>Dein Relay läuft und ist über einen Tunnel via %1 aus dem Internet erreichbar.</translation>
    </message>
    <message>
        <source>Your relay is running and reachable from the internet.</source>
        <translation>Dein Relay läuft und ist aus dem Internet erreichbar.</translation>
    </message>
    <message>
        <source>Your relay is running through a tunnel via %1; Ferry is checking that it is reachable.</source>
        <translation>Dein Relay läuft über einen Tunnel via %1; Ferry prüft, ob es erreichbar ist.</translation>
    </message>
    <message>
        <source>Your relay is running; nothing outside reaches it directly, so Ferry is opening a tunnel through one of your relays.</source>
        <translation>Dein Relay läuft; von außen erreicht es nichts direkt, daher öffnet Ferry einen Tunnel über eines deiner Relays.</translation>
    </message>
    <message>
        <source>Your relay is running, but nothing outside can reach it: it serves only your local network.</source>
        <translation>Dein Relay läuft, aber von außen kann es nichts erreichen: es dient nur deinem lokalen Netz.</translation>
    </message>
    <message>
        <source>Your relay is running and reachable at %1, a local address: only computers on the same network can use it.</source>
        <translation>Dein Relay läuft und ist unter %1 erreichbar, einer lokalen Adresse: nur Computer im selben Netz können es nutzen.</translation>
    </message>
    <message>
        <source>Registering: the directory first checks that it can reach your relay…</source>
        <translation>Wird registriert: Das Verzeichnis prüft zuerst, ob es Ihr Relay erreicht…</translation>
    </message>
    <message>
        <source>Not registered: %1 Ferry tries again in a while.</source>
        <translation>Nicht registriert: %1 Ferry versucht es in einer Weile erneut.</translation>
    </message>
    <message>
        <source>Listed · health score %1</source>
        <translation>Gelistet · Zustandsbewertung %1</translation>
    </message>
    <message>
        <source>On probation: listed with little weight until your relay has shown uptime · health score %1</source>
        <translation>Auf Probe: mit geringem Gewicht gelistet, bis Ihr Relay Verfügbarkeit gezeigt hat · Zustandsbewertung %1</translation>
    </message>
    <message>
        <source>Marked down: the directory could not reach your relay lately · health score %1</source>
        <translation>Als ausgefallen markiert: Das Verzeichnis hat Ihr Relay zuletzt nicht erreicht · Zustandsbewertung %1</translation>
    </message>
    <message>
        <source>Registered (%1) · health score %2</source>
        <translation>Registriert (%1) · Zustandsbewertung %2</translation>
    </message>
    <message>
        <source>Last heartbeat: none yet</source>
        <translation>Letztes Lebenszeichen: noch keines</translation>
    </message>
    <message>
        <source>Last heartbeat: %1</source>
        <translation>Letztes Lebenszeichen: %1</translation>
    </message>
    <message>
        <source>Off: your relay is not listed in relay directories. You can change this under Limits.</source>
        <translation>Aus: Ihr Relay wird in keinem Relay-Verzeichnis gelistet. Sie können das unter Grenzen ändern.</translation>
    </message>
    <message>
        <source>No relay directory is set up. Add one under Settings → Relays, and your relay registers there so that other people&apos;s apps can find it.</source>
        <translation>Es ist kein Relay-Verzeichnis eingerichtet. Fügen Sie unter Einstellungen → Relays eines hinzu; Ihr Relay registriert sich dann dort, damit die Apps anderer Leute es finden.</translation>
    </message>
    <message>
        <source>Your relay registers with the relay directories in your settings while it runs.</source>
        <translation>Ihr Relay registriert sich bei den Relay-Verzeichnissen aus Ihren Einstellungen, solange es läuft.</translation>
    </message>
    <message>
        <source>Not yet: your relay registers once it has an address that others can reach (a port your router forwards, a tunnel, or an address another relay has reached).</source>
        <translation>Noch nicht: Ihr Relay registriert sich, sobald es eine Adresse hat, unter der andere es erreichen (ein Port, den Ihr Router weiterleitet, ein Tunnel oder eine Adresse, unter der ein anderes Relay es erreicht hat).</translation>
    </message>
</context>
<context>
    <name>ferry::ui::OnboardingDialog</name>
    <message>
        <source>Strength: very weak. Use several words, or more characters.</source>
        <translation>Stärke: sehr schwach. Verwenden Sie mehrere Wörter oder mehr Zeichen.</translation>
    </message>
    <message>
        <source>Strength: weak. A longer passphrase of several words is much harder to guess.</source>
        <translation>Stärke: schwach. Eine längere Passphrase aus mehreren Wörtern ist viel schwerer zu erraten.</translation>
    </message>
    <message>
        <source>Strength: fair.</source>
        <translation>Stärke: mittel.</translation>
    </message>
    <message>
        <source>Strength: strong.</source>
        <translation>Stärke: stark.</translation>
    </message>
    <message>
        <source>Welcome to Ferry</source>
        <translation>Willkommen bei Ferry</translation>
    </message>
    <message>
        <source>There is no account, phone number or e-mail address. The display name you choose here is the only thing that identifies you, and only your contacts see it.</source>
        <translation>Es gibt kein Konto, keine Telefonnummer und keine E-Mail-Adresse. Der Anzeigename, den Sie hier wählen, ist das Einzige, woran man Sie erkennt, und nur Ihre Kontakte sehen ihn.</translation>
    </message>
    <message>
        <source>Your messages are stored encrypted on this computer. The key is kept in your system keychain, so Ferry starts without asking for a password.</source>
        <translation>Ihre Nachrichten werden verschlüsselt auf diesem Computer gespeichert. Der Schlüssel liegt im Schlüsselbund Ihres Systems, daher startet Ferry ohne Passwortabfrage.</translation>
    </message>
    <message>
        <source>No system keychain is available, so your messages are encrypted with a passphrase. Ferry asks for it at each start. Nobody can recover it if you forget it.</source>
        <translation>Es ist kein Schlüsselbund des Systems verfügbar, daher werden Ihre Nachrichten mit einer Passphrase verschlüsselt. Ferry fragt bei jedem Start danach. Wenn Sie sie vergessen, kann niemand sie wiederherstellen.</translation>
    </message>
    <message>
        <source>Your messages are encrypted with the key from the key file given on the command line.</source>
        <translation>Ihre Nachrichten werden mit dem Schlüssel aus der in der Befehlszeile angegebenen Schlüsseldatei verschlüsselt.</translation>
    </message>
    <message>
        <source>How your contacts see you</source>
        <translation>So sehen Ihre Kontakte Sie</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>&amp;Anzeigename:</translation>
    </message>
    <message>
        <source>smp://fingerprint@host[:port] (optional)</source>
        <translation>smp://Fingerabdruck@Host[:Port] (optional)</translation>
    </message>
    <message>
        <source>A relay to receive messages through. You can add relays later.</source>
        <translation>Ein Relay, über das Sie Nachrichten empfangen. Weitere Relays können Sie später hinzufügen.</translation>
    </message>
    <message>
        <source>First &amp;relay:</source>
        <translation>Erstes &amp;Relay:</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>Con&amp;firm passphrase:</source>
        <translation>Passphrase &amp;bestätigen:</translation>
    </message>
    <message>
        <source>&amp;Create profile</source>
        <translation>Profil &amp;erstellen</translation>
    </message>
    <message>
        <source>Choose a passphrase of several words.</source>
        <translation>Wählen Sie eine Passphrase aus mehreren Wörtern.</translation>
    </message>
    <message>
        <source>Please choose a display name.</source>
        <translation>Bitte wählen Sie einen Anzeigenamen.</translation>
    </message>
    <message>
        <source>The display name can be at most %1 characters long.</source>
        <translation>Der Anzeigename darf höchstens %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <source>The relay address is not valid (%1). It looks like smp://fingerprint@host or smp://fingerprint@host:port.</source>
        <translation>Die Relay-Adresse ist ungültig (%1). Sie hat die Form smp://Fingerabdruck@Host oder smp://Fingerabdruck@Host:Port.</translation>
    </message>
    <message>
        <source>Please choose a passphrase.</source>
        <translation>Bitte wählen Sie eine Passphrase.</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type the same passphrase in both fields.</source>
        <translation>Die beiden Passphrasen stimmen nicht überein. Geben Sie in beiden Feldern dieselbe Passphrase ein.</translation>
    </message>
    <message>
        <source>Ferry finds relays for your conversations through the relay directory at %1, so you can invite contacts right away. You can add relays of your own later in Settings.</source>
        <translation>Ferry findet Relays für Ihre Unterhaltungen über das Relay-Verzeichnis unter %1, sodass Sie sofort Kontakte einladen können. Eigene Relays können Sie später in den Einstellungen hinzufügen.</translation>
    </message>
    <message>
        <source>Ferry finds relays for your conversations through the relay directories at %1, so you can invite contacts right away. You can add relays of your own later in Settings.</source>
        <translation>Ferry findet Relays für Ihre Unterhaltungen über die Relay-Verzeichnisse unter %1, sodass Sie sofort Kontakte einladen können. Eigene Relays können Sie später in den Einstellungen hinzufügen.</translation>
    </message>
</context>
<context>
    <name>ferry::ui::Preferences</name>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
</context>
<context>
    <name>ferry::ui::PrivacyPage</name>
    <message>
        <source>Private routing hides your IP address from your contacts&apos; relays: your messages to them go through one of your own relays, which sees neither who receives them nor what they say.</source>
        <translation>Privates Routing verbirgt Ihre IP-Adresse vor den Relays Ihrer Kontakte: Ihre Nachrichten an sie laufen über eines Ihrer eigenen Relays, das weder sieht, wer sie erhält, noch was sie enthalten.</translation>
    </message>
    <message>
        <source>To relays you do not use (recommended)</source>
        <translation>Zu Relays, die Sie nicht nutzen (empfohlen)</translation>
    </message>
    <message>
        <source>Always</source>
        <translation>Immer</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>Send &amp;directly when the route fails (the contact&apos;s relay then sees your IP address)</source>
        <translation>&amp;Direkt senden, wenn der Weg scheitert (das Relay des Kontakts sieht dann Ihre IP-Adresse)</translation>
    </message>
    <message>
        <source>Otherwise such a message waits, says why, and is sent when the route works again or you retry it.</source>
        <translation>Sonst wartet eine solche Nachricht, nennt den Grund und wird gesendet, sobald der Weg wieder funktioniert oder Sie es erneut versuchen.</translation>
    </message>
    <message>
        <source>Send &amp;through your relays:</source>
        <translation>Über Ihre Relays sende&amp;n:</translation>
    </message>
    <message>
        <source>The privacy settings could not be read: %1</source>
        <translation>Die Datenschutz-Einstellungen konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The privacy settings could not be saved: %1</source>
        <translation>Die Datenschutz-Einstellungen konnten nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>ferry::ui::QrCodeWidget</name>
    <message>
        <source>QR code</source>
        <translation>QR-Code</translation>
    </message>
    <message>
        <source>No code yet</source>
        <translation>Noch kein Code</translation>
    </message>
    <message>
        <source>A QR code of the link shown with it; scan it with Ferry on another device</source>
        <translation>QR-Code des daneben angezeigten Links; zum Scannen mit Ferry auf einem anderen Gerät</translation>
    </message>
    <message>
        <source>This text is too long for a QR code</source>
        <translation>Dieser Text ist zu lang für einen QR-Code</translation>
    </message>
    <message>
        <source>This link is too long for a QR code. Copy the link instead.</source>
        <translation>Dieser Link ist zu lang für einen QR-Code. Kopieren Sie stattdessen den Link.</translation>
    </message>
</context>
<context>
    <name>ferry::ui::RelayHealth</name>
    <message>
        <source>Moving to other relays</source>
        <translation>Umzug auf andere Relays</translation>
    </message>
    <message>
        <source>One relay down since %1, moving to another</source>
        <translation>Ein Relay seit %1 ausgefallen, Umzug auf ein anderes</translation>
    </message>
    <message>
        <source>Relay down since %1, moving to another</source>
        <translation>Relay seit %1 ausgefallen, Umzug auf ein anderes</translation>
    </message>
    <message>
        <source>Connecting to the relays…</source>
        <translation>Verbindung zu den Relays wird hergestellt…</translation>
    </message>
    <message>
        <source>Relays unreachable since %1</source>
        <translation>Relays seit %1 nicht erreichbar</translation>
    </message>
    <message>
        <source>Relay unreachable since %1</source>
        <translation>Relay seit %1 nicht erreichbar</translation>
    </message>
    <message>
        <source>One relay connecting…</source>
        <translation>Ein Relay verbindet sich…</translation>
    </message>
    <message>
        <source>One relay down since %1</source>
        <translation>Ein Relay seit %1 ausgefallen</translation>
    </message>
    <message>
        <source>Setting up a second relay</source>
        <translation>Zweites Relay wird eingerichtet</translation>
    </message>
    <message>
        <source>Both relays fine</source>
        <translation>Beide Relays in Ordnung</translation>
    </message>
    <message>
        <source>One relay</source>
        <translation>Ein Relay</translation>
    </message>
    <message>
        <source>being set up</source>
        <translation>wird eingerichtet</translation>
    </message>
    <message>
        <source>being secured</source>
        <translation>wird gesichert</translation>
    </message>
    <message>
        <source>new, not used by the contact yet</source>
        <translation>neu, vom Kontakt noch nicht verwendet</translation>
    </message>
    <message>
        <source>relay down since %1, moving to another</source>
        <translation>Relay seit %1 ausgefallen, Umzug auf ein anderes</translation>
    </message>
    <message>
        <source>moving to another relay</source>
        <translation>Umzug auf ein anderes Relay</translation>
    </message>
    <message>
        <source>moved away: deleted once its relay answers</source>
        <translation>umgezogen: wird gelöscht, sobald sein Relay antwortet</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>relay down since %1</source>
        <translation>Relay seit %1 ausgefallen</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>verbindet…</translation>
    </message>
    <message>
        <source>nothing waiting</source>
        <translation>keine Nachricht wartet</translation>
    </message>
    <message>
        <source>one message waiting</source>
        <translation>eine Nachricht wartet</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Receiving via %1: %2</source>
        <translation>Empfang über %1: %2</translation>
    </message>
    <message>
        <source>Sending via %1: %2</source>
        <translation>Versand über %1: %2</translation>
    </message>
    <message>
        <source>Ferry adds a second relay of another operator as soon as one is available.</source>
        <translation>Ferry fügt ein zweites Relay eines anderen Betreibers hinzu, sobald eines verfügbar ist.</translation>
    </message>
    <message numerus="yes">
        <source>%n messages waiting</source>
        <translation>
            <numerusform>%n Nachricht wartet</numerusform>
            <numerusform>%n Nachrichten warten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ferry::ui::RelayListModel</name>
    <message>
        <source>Not in use yet</source>
        <translation>Noch nicht in Verwendung</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Disconnected, trying again</source>
        <translation>Getrennt, neuer Versuch läuft</translation>
    </message>
    <message>
        <source>Refused: the relay is not the one this address names</source>
        <translation>Abgelehnt: Das Relay ist nicht das, das diese Adresse angibt</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message numerus="yes">
        <source>Answered in %n ms</source>
        <translation>
            <numerusform>Antwort in %n ms</numerusform>
            <numerusform>Antwort in %n ms</numerusform>
        </translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Keine Antwort</translation>
    </message>
    <message>
        <source>No answer: %1</source>
        <translation>Keine Antwort: %1</translation>
    </message>
</context>
<context>
    <name>ferry::ui::RequestsDialog</name>
    <message>
        <source>Contact requests</source>
        <translation>Kontaktanfragen</translation>
    </message>
    <message>
        <source>These people used your address to ask to talk with you. They only learn that you accepted when you do.</source>
        <translation>Diese Personen haben über Ihre Adresse angefragt, mit Ihnen zu schreiben. Sie erfahren nur davon, wenn Sie annehmen.</translation>
    </message>
    <message>
        <source>No requests waiting.</source>
        <translation>Keine offenen Anfragen.</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
</context>
<context>
    <name>ferry::ui::ScreenRegionPicker</name>
    <message>
        <source>Scan the screen</source>
        <translation>Bildschirm scannen</translation>
    </message>
    <message>
        <source>Pick the part of the screen that shows the QR code</source>
        <translation>Wählen Sie den Bildschirmbereich, der den QR-Code zeigt</translation>
    </message>
    <message>
        <source>Drag a rectangle around the QR code. Esc cancels.</source>
        <translation>Ziehen Sie ein Rechteck um den QR-Code. Esc bricht ab.</translation>
    </message>
    <message>
        <source>Ferry cannot capture the screen on this system. Take a screenshot and use Open image… or Paste image instead.</source>
        <translation>Ferry kann auf diesem System keine Bildschirmaufnahme machen. Erstellen Sie ein Bildschirmfoto und verwenden Sie stattdessen „Bild öffnen…“ oder „Bild einfügen“.</translation>
    </message>
    <message>
        <source>Looking for a QR code…</source>
        <translation>QR-Code wird gesucht…</translation>
    </message>
    <message>
        <source>No QR code found there. Drag around the code again, or press Esc to cancel.</source>
        <translation>Dort wurde kein QR-Code gefunden. Ziehen Sie erneut ein Rechteck um den Code oder drücken Sie Esc zum Abbrechen.</translation>
    </message>
</context>
<context>
    <name>ferry::ui::SettingsDialog</name>
    <message>
        <source>Enter the relay&apos;s address; it looks like smp://fingerprint@host:port.</source>
        <translation>Geben Sie die Adresse des Relays ein; sie hat die Form smp://Fingerabdruck@Host:Port.</translation>
    </message>
    <message>
        <source>A relay address starts with smp://, for example smp://fingerprint@relay.example.org.</source>
        <translation>Eine Relay-Adresse beginnt mit smp://, zum Beispiel smp://Fingerabdruck@relay.example.org.</translation>
    </message>
    <message>
        <source>The address lacks the relay&apos;s fingerprint: it looks like smp://fingerprint@host:port.</source>
        <translation>Der Adresse fehlt der Fingerabdruck des Relays: Sie hat die Form smp://Fingerabdruck@Host:Port.</translation>
    </message>
    <message>
        <source>This is not a valid relay address (%1). Check that you copied all of it.</source>
        <translation>Dies ist keine gültige Relay-Adresse (%1). Prüfen Sie, ob Sie sie vollständig kopiert haben.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Relays</source>
        <translation>&amp;Relays</translation>
    </message>
    <message>
        <source>&amp;Notifications</source>
        <translation>&amp;Benachrichtigungen</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Allgemein</translation>
    </message>
    <message>
        <source>Relays</source>
        <translation>Relays</translation>
    </message>
    <message>
        <source>&amp;Your relays:</source>
        <translation>&amp;Ihre Relays:</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Connects to the selected relays (all of them when none is selected) and shows how fast they answer.</source>
        <translation>Verbindet sich mit den ausgewählten Relays (mit allen, wenn keines ausgewählt ist) und zeigt, wie schnell sie antworten.</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>smp://fingerprint@host:port</source>
        <translation>smp://Fingerabdruck@Host:Port</translation>
    </message>
    <message>
        <source>A&amp;dd a relay:</source>
        <translation>Neues Re&amp;lay:</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Show a desktop notification for new &amp;messages</source>
        <translation>Bei neuen &amp;Nachrichten eine Desktop-Benachrichtigung anzeigen</translation>
    </message>
    <message>
        <source>Show the &amp;sender and the message text</source>
        <translation>Absender und Nachrichtentext an&amp;zeigen</translation>
    </message>
    <message>
        <source>When this is off, a notification only says “New message”, so nobody near your screen can read along.</source>
        <translation>Wenn dies ausgeschaltet ist, lautet eine Benachrichtigung nur „Neue Nachricht“, damit niemand in der Nähe Ihres Bildschirms mitlesen kann.</translation>
    </message>
    <message>
        <source>&amp;Interface language:</source>
        <translation>&amp;Oberflächensprache:</translation>
    </message>
    <message>
        <source>Ferry shows the new language the next time it starts.</source>
        <translation>Ferry verwendet die neue Sprache beim nächsten Start.</translation>
    </message>
    <message>
        <source>Restart &amp;now</source>
        <translation>&amp;Jetzt neu starten</translation>
    </message>
    <message>
        <source>&amp;Keep Ferry running in the system tray when its window is closed</source>
        <translation>Ferry beim Schließen des Fensters im Systembereich &amp;weiterlaufen lassen</translation>
    </message>
    <message>
        <source>Ferry can only receive messages while it is running.</source>
        <translation>Ferry kann nur Nachrichten empfangen, während es läuft.</translation>
    </message>
    <message>
        <source>This relay is already in the list.</source>
        <translation>Dieses Relay ist bereits in der Liste.</translation>
    </message>
    <message>
        <source>Adding %1…</source>
        <translation>%1 wird hinzugefügt…</translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation>%1 hinzugefügt.</translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation>%1 entfernt.</translation>
    </message>
    <message>
        <source>Add a relay before you invite new contacts.</source>
        <translation>Fügen Sie ein Relay hinzu, bevor Sie neue Kontakte einladen.</translation>
    </message>
    <message>
        <source>Could not add the relay: %1</source>
        <translation>Das Relay konnte nicht hinzugefügt werden: %1</translation>
    </message>
    <message>
        <source>Could not remove the relay: %1</source>
        <translation>Das Relay konnte nicht entfernt werden: %1</translation>
    </message>
    <message>
        <source>Remove relay</source>
        <translation>Relay entfernen</translation>
    </message>
    <message>
        <source>Remove %1 from your relays?</source>
        <translation>%1 aus Ihren Relays entfernen?</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n relays from your list?</source>
        <translation>
            <numerusform>%n Relay aus Ihrer Liste entfernen?</numerusform>
            <numerusform>%n Relays aus Ihrer Liste entfernen?</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Contacts you already have keep working through the relays they use.</source>
        <translation>Bestehende Kontakte funktionieren weiter über die Relays, die sie verwenden.</translation>
    </message>
    <message>
        <source>This leaves you without relays: you cannot invite new contacts or create an address until you add one.</source>
        <translation>Danach haben Sie keine Relays mehr: Bis Sie wieder eines hinzufügen, können Sie keine neuen Kontakte einladen und keine Adresse erstellen.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <source>&amp;Privacy</source>
        <translation>&amp;Datenschutz</translation>
    </message>
    <message>
        <source>Relays carry your messages. New contacts reach you through your own relays in this list, or through relays that a relay directory below lists.</source>
        <translation>Relays übermitteln Ihre Nachrichten. Neue Kontakte erreichen Sie über Ihre eigenen Relays in dieser Liste oder über Relays, die ein Relay-Verzeichnis (unten) führt.</translation>
    </message>
    <message>
        <source>This leaves you without relays of your own: new contacts then reach you only through relays from your relay directories.</source>
        <translation>Danach haben Sie keine eigenen Relays mehr: Neue Kontakte erreichen Sie dann nur noch über Relays aus Ihren Relay-Verzeichnissen.</translation>
    </message>
</context>
<context>
    <name>ferry::ui::SystemKeyStore</name>
    <message>
        <source>the keychain did not answer within %1 seconds</source>
        <translation>der Schlüsselbund hat nicht innerhalb von %1 Sekunden geantwortet</translation>
    </message>
    <message>
        <source>the keychain entry is not a Ferry database key</source>
        <translation>der Eintrag im Schlüsselbund ist kein Ferry-Datenbankschlüssel</translation>
    </message>
</context>
<context>
    <name>ferry::ui::TrafficChart</name>
    <message>
        <source>No traffic yet</source>
        <translation>Noch kein Datenverkehr</translation>
    </message>
    <message>
        <source>Traffic chart</source>
        <translation>Diagramm des Datenverkehrs</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>bytes/s</source>
        <translation>Byte/s</translation>
    </message>
    <message>
        <source>MB/s</source>
        <translation>MB/s</translation>
    </message>
    <message>
        <source>KB/s</source>
        <translation>KB/s</translation>
    </message>
</context>
<context>
    <name>ferry::ui::TrayIcon</name>
    <message>
        <source>Ferry</source>
        <translation>Ferry</translation>
    </message>
    <message>
        <source>Hide Ferry</source>
        <translation>Ferry ausblenden</translation>
    </message>
    <message>
        <source>Invite someone…</source>
        <translation>Jemanden einladen…</translation>
    </message>
    <message>
        <source>Quit Ferry</source>
        <translation>Ferry beenden</translation>
    </message>
    <message>
        <source>Show Ferry</source>
        <translation>Ferry anzeigen</translation>
    </message>
    <message numerus="yes">
        <source>Ferry — %n unread message(s)</source>
        <translation>
            <numerusform>Ferry – %n ungelesene Nachricht</numerusform>
            <numerusform>Ferry – %n ungelesene Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>New message</source>
        <translation>Neue Nachricht</translation>
    </message>
    <message>
        <source>Contribute as relay</source>
        <translation>Als Relay beitragen</translation>
    </message>
    <message>
        <source>Relay node…</source>
        <translation>Relay-Knoten…</translation>
    </message>
</context>
<context>
    <name>ferry::ui::UnlockDialog</name>
    <message>
        <source>Unlock Ferry</source>
        <translation>Ferry entsperren</translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; is protected by a passphrase.</source>
        <translation>Das Profil „%1“ ist durch eine Passphrase geschützt.</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Wird entsperrt…</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <source>Please type the passphrase.</source>
        <translation>Bitte geben Sie die Passphrase ein.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Ferry — private messenger and relay node</source>
        <translation>Ferry – privater Messenger und Relay-Knoten</translation>
    </message>
    <message>
        <source>The profile: a name (kept in Ferry&apos;s data folder) or a folder path. Default: &quot;default&quot;.</source>
        <translation>Das Profil: ein Name (im Datenordner von Ferry abgelegt) oder ein Ordnerpfad. Standard: „default“.</translation>
    </message>
    <message>
        <source>Display name of a profile created without dialogs (with --key-file).</source>
        <translation>Anzeigename eines ohne Dialoge angelegten Profils (mit --key-file).</translation>
    </message>
    <message>
        <source>Read the database key from this file instead of the keychain (created if missing with --name).</source>
        <translation>Den Datenbankschlüssel aus dieser Datei statt aus dem Schlüsselbund lesen (wird mit --name angelegt, falls sie fehlt).</translation>
    </message>
    <message>
        <source>Add this relay (smp://…) to the profile&apos;s list.</source>
        <translation>Dieses Relay (smp://…) zur Liste des Profils hinzufügen.</translation>
    </message>
    <message>
        <source>A ferry: link to connect with.</source>
        <translation>Ein ferry:-Link, mit dem verbunden werden soll.</translation>
    </message>
    <message>
        <source>Ferry</source>
        <translation>Ferry</translation>
    </message>
    <message>
        <source>Ferry could not open the profile in %1: %2</source>
        <translation>Ferry konnte das Profil in %1 nicht öffnen: %2</translation>
    </message>
    <message>
        <source>Turn on &quot;Contribute as relay&quot;: run a relay for the network inside the app.</source>
        <translation>„Als Relay beitragen“ einschalten: in der App ein Relay für das Netzwerk betreiben.</translation>
    </message>
    <message>
        <source>Use this relay directory (https://…) to find relays; repeatable. A new profile gets these instead of the built-in list, an existing one adds them.</source>
        <translation>Relays über dieses Relay-Verzeichnis (https://…) finden; mehrfach möglich. Ein neues Profil erhält diese statt der eingebauten Liste, ein bestehendes fügt sie hinzu.</translation>
    </message>
</context>
</TS>
