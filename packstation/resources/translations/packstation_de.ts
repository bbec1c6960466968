<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About packstation</source>
        <translation>Über packstation</translation>
    </message>
    <message>
        <source>Packing station for Seven Senders</source>
        <translation>Packplatz für Seven Senders</translation>
    </message>
    <message>
        <source>Python / Qt</source>
        <translation>Python / Qt</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Programm</translation>
    </message>
    <message>
        <source>Settings file</source>
        <translation>Einstellungsdatei</translation>
    </message>
    <message>
        <source>Data (journal, labels)</source>
        <translation>Daten (Journal, Labels)</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Protokolle</translation>
    </message>
    <message>
        <source>OS keyring</source>
        <translation>Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>none (PACKSTATION_ACCESS_KEY)</source>
        <translation>keiner (PACKSTATION_ACCESS_KEY)</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>That was not a supervisor&apos;s badge or PIN. Try again.</source>
        <translation>Das war kein Ausweis und keine PIN einer Aufsicht. Bitte noch einmal.</translation>
    </message>
    <message>
        <source>Badge scan or PIN</source>
        <translation>Ausweis scannen oder PIN</translation>
    </message>
</context>
<context>
    <name>BenchApp</name>
    <message>
        <source>The command sheet could not be saved as {0}: {1}</source>
        <translation>Das Befehlsblatt konnte nicht als {0} gespeichert werden: {1}</translation>
    </message>
    <message>
        <source>Saved as {0} and opened: print it, then scan its last barcode.</source>
        <translation>Als {0} gespeichert und geöffnet: drucken Sie es und scannen Sie dann den letzten Barcode darauf.</translation>
    </message>
    <message>
        <source>Packing</source>
        <translation>Packen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>DEMO · no real labels</source>
        <translation>DEMO · keine echten Labels</translation>
    </message>
    <message>
        <source>Practice: the printer is out of labels</source>
        <translation>Übung: Im Drucker sind keine Etiketten mehr</translation>
    </message>
    <message>
        <source>Pack an order: its label is kept. Ctrl+Shift+P puts the labels back; then F5 prints it (or it prints by itself shortly).</source>
        <translation>Einen Auftrag packen: Sein Label wird aufbewahrt. Strg+Umschalt+P legt die Etiketten wieder ein; dann druckt F5 es (oder es wird kurz darauf von selbst gedruckt).</translation>
    </message>
    <message>
        <source>Practice: labels are back in</source>
        <translation>Übung: Etiketten sind wieder eingelegt</translation>
    </message>
    <message>
        <source>F5 prints the held labels now.</source>
        <translation>F5 druckt die wartenden Labels jetzt.</translation>
    </message>
    <message>
        <source>Saved as {0}. No PDF viewer could show it: print it from a computer with a printer, then scan its last barcode.</source>
        <translation>Gespeichert als {0}. Kein PDF-Betrachter konnte es anzeigen: bitte an einem Computer mit Drucker ausdrucken, dann seinen letzten Barcode scannen.</translation>
    </message>
    <message>
        <source>The reason, in English: “{0}”</source>
        <translation>Der Grund, auf Englisch: „{0}“</translation>
    </message>
    <message>
        <source>The station cannot start</source>
        <translation>Der Packplatz kann nicht starten</translation>
    </message>
    <message>
        <source>Fix it in the settings (F10).</source>
        <translation>Bitte in den Einstellungen (F10) beheben.</translation>
    </message>
    <message>
        <source>The serial scanner is not available</source>
        <translation>Der serielle Scanner ist nicht verfügbar</translation>
    </message>
    <message>
        <source>Port {0} cannot be opened or stopped answering (the log says why): check the scanner&apos;s cable and the port in the settings (F10).</source>
        <translation>Port {0} lässt sich nicht öffnen oder antwortet nicht mehr (das Protokoll sagt, warum): das Kabel des Scanners und den Port in den Einstellungen (F10) prüfen.</translation>
    </message>
    <message>
        <source>Keyboard scanners still work.</source>
        <translation>Tastatur-Scanner funktionieren weiterhin.</translation>
    </message>
    <message>
        <source>The serial scanner sent something unreadable</source>
        <translation>Der serielle Scanner hat etwas Unlesbares gesendet</translation>
    </message>
    <message>
        <source>It sent more than {0} characters without the end of a code: that was ignored, the scanner keeps working. If it happens again, check the scanner&apos;s baud rate and end-of-code setting.</source>
        <translation>Er hat mehr als {0} Zeichen ohne Code-Ende gesendet: das wurde ignoriert, der Scanner funktioniert weiter. Wenn es wieder passiert, die Baudrate und das Code-Ende-Zeichen des Scanners prüfen.</translation>
    </message>
    <message>
        <source>Test label</source>
        <translation>Testetikett</translation>
    </message>
</context>
<context>
    <name>BoxCard</name>
    <message>
        <source>Box {0}</source>
        <extracomment>A box card&apos;s least width.</extracomment>
        <translation>Karton {0}</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>leer</translation>
    </message>
    <message>
        <source>expected {0}</source>
        <translation>erwartet {0}</translation>
    </message>
    <message>
        <source>weighed {0}</source>
        <translation>gewogen {0}</translation>
    </message>
</context>
<context>
    <name>BoxColumn</name>
    <message>
        <source>box {0}: {1}</source>
        <translation>Karton {0}: {1}</translation>
    </message>
    <message>
        <source>{0} (current)</source>
        <translation>{0} (aktuell)</translation>
    </message>
</context>
<context>
    <name>BoxesPanel</name>
    <message>
        <source>BOXES (F4 next box, Ctrl+G weigh)</source>
        <translation>KARTONS (F4 nächster Karton, Strg+G wiegen)</translation>
    </message>
    <message>
        <source>Weigh (Ctrl+G)</source>
        <translation>Wiegen (Strg+G)</translation>
    </message>
    <message>
        <source>Move (Ctrl+M)</source>
        <translation>Umpacken (Strg+M)</translation>
    </message>
    <message>
        <source>Keep the box as it is</source>
        <translation>Karton so lassen</translation>
    </message>
    <message>
        <source>Open and weigh again</source>
        <translation>Öffnen und neu wiegen</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Box {0} should weigh {1} (no scale)</source>
        <translation>Karton {0} sollte {1} wiegen (keine Waage)</translation>
    </message>
    <message>
        <source>Scale: {0} · box {1} should weigh {2}</source>
        <translation>Waage: {0} · Karton {1} sollte {2} wiegen</translation>
    </message>
    <message>
        <source>{0} (moving)</source>
        <translation>{0} (in Bewegung)</translation>
    </message>
</context>
<context>
    <name>CatalogMode</name>
    <message>
        <source>Catalog</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>PRODUCT EXPORT (CSV or JSON; F3 chooses)</source>
        <translation>PRODUKTEXPORT (CSV oder JSON; F3 wählt)</translation>
    </message>
    <message>
        <source>IMAGES FOLDER (F4; empty: beside the export)</source>
        <translation>BILDORDNER (F4; leer: neben dem Export)</translation>
    </message>
    <message>
        <source>Dry run: send nothing (F6)</source>
        <translation>Probelauf: nichts senden (F6)</translation>
    </message>
    <message>
        <source>PROGRESS</source>
        <translation>FORTSCHRITT</translation>
    </message>
    <message>
        <source>SUMMARY OF THE LAST SYNC</source>
        <translation>ZUSAMMENFASSUNG DES LETZTEN ABGLEICHS</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Why it failed</source>
        <translation>Warum es fehlschlug</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Abgleichen</translation>
    </message>
    <message>
        <source>Export file…</source>
        <translation>Exportdatei …</translation>
    </message>
    <message>
        <source>Images folder…</source>
        <translation>Bildordner …</translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation>Probelauf</translation>
    </message>
    <message>
        <source>SUMMARY OF THE DRY RUN (nothing was sent)</source>
        <translation>ZUSAMMENFASSUNG DES PROBELAUFS (nichts gesendet)</translation>
    </message>
    <message>
        <source>{0} s</source>
        <translation>{0} s</translation>
    </message>
    <message>
        <source>… and {0} more warning(s)</source>
        <translation>… und {0} weitere Warnung(en)</translation>
    </message>
    <message>
        <source>The product export</source>
        <translation>Der Produktexport</translation>
    </message>
    <message>
        <source>Product exports (*.csv *.json);;All files (*)</source>
        <translation>Produktexporte (*.csv *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The images folder</source>
        <translation>Der Bildordner</translation>
    </message>
</context>
<context>
    <name>CatalogViewModel</name>
    <message>
        <source>Sync the product catalog with Seven Senders</source>
        <extracomment>Reads an export and names its images folder (the folder given, else the file&apos;s own).</extracomment>
        <translation>Produktkatalog mit Seven Senders abgleichen</translation>
    </message>
    <message>
        <source>Choose the export file (F3) and the images folder (F4), then F2.</source>
        <translation>Exportdatei (F3) und Bildordner (F4) wählen, dann F2.</translation>
    </message>
    <message>
        <source>Choose the export file first</source>
        <translation>Zuerst die Exportdatei wählen</translation>
    </message>
    <message>
        <source>{0} is not a file.</source>
        <translation>{0} ist keine Datei.</translation>
    </message>
    <message>
        <source>The images folder does not exist</source>
        <translation>Den Bildordner gibt es nicht</translation>
    </message>
    <message>
        <source>The export cannot be read</source>
        <translation>Der Export kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>Dry run: checking {0} product(s)…</source>
        <translation>Probelauf: {0} Produkt(e) werden geprüft …</translation>
    </message>
    <message>
        <source>Syncing {0} product(s)…</source>
        <translation>{0} Produkt(e) werden abgeglichen …</translation>
    </message>
    <message>
        <source>Seven Senders could not be asked</source>
        <translation>Seven Senders war nicht erreichbar</translation>
    </message>
    <message>
        <source>Sync finished with {0} failure(s)</source>
        <translation>Abgleich beendet, {0} Fehler</translation>
    </message>
    <message>
        <source>The others went through; the failures are listed with their reasons.</source>
        <translation>Die übrigen sind durchgegangen; die Fehler stehen mit ihren Gründen in der Liste.</translation>
    </message>
    <message>
        <source>Dry run finished: {0} product(s) would change</source>
        <translation>Probelauf beendet: {0} Produkt(e) würden sich ändern</translation>
    </message>
    <message>
        <source>Nothing was sent. F2 without dry run (F6) sends it.</source>
        <translation>Es wurde nichts gesendet. F2 ohne Probelauf (F6) sendet es.</translation>
    </message>
    <message>
        <source>Catalog synced: {0} product(s) changed</source>
        <translation>Katalog abgeglichen: {0} Produkt(e) geändert</translation>
    </message>
    <message>
        <source>{0} unchanged.</source>
        <translation>{0} unverändert.</translation>
    </message>
    <message>
        <source>created</source>
        <translation>angelegt</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>aktualisiert</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>would change</source>
        <translation>würde sich ändern</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Unverändert</translation>
    </message>
    <message>
        <source>Images uploaded</source>
        <translation>Bilder hochgeladen</translation>
    </message>
    <message>
        <source>Images deleted</source>
        <translation>Bilder gelöscht</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>CustomsDialog</name>
    <message>
        <source>Customs declaration</source>
        <extracomment>The size the dialog asks for; on a smaller window it gets the window&apos;s (``fit``).</extracomment>
        <translation>Zollanmeldung</translation>
    </message>
    <message>
        <source>Invoice id</source>
        <translation>Rechnungsnummer</translation>
    </message>
    <message>
        <source>Invoice date (YYYY-MM-DD)</source>
        <translation>Rechnungsdatum (JJJJ-MM-TT)</translation>
    </message>
    <message>
        <source>Incoterm</source>
        <translation>Incoterm</translation>
    </message>
    <message>
        <source>Planned pick-up (YYYY-MM-DD HH:MM)</source>
        <translation>Geplante Abholung (JJJJ-MM-TT HH:MM)</translation>
    </message>
    <message>
        <source>Departure country</source>
        <translation>Abgangsland</translation>
    </message>
    <message>
        <source>Tracking code (from the label)</source>
        <translation>Sendungsnummer (vom Label)</translation>
    </message>
    <message>
        <source>Parcel weight</source>
        <translation>Paketgewicht</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>HS code</source>
        <translation>HS-Code</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Ursprung</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Unit value</source>
        <translation>Stückwert</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>Net kg / unit</source>
        <translation>Netto-kg/St.</translation>
    </message>
    <message>
        <source>ARTICLES (arrow keys move, typing replaces a cell, Enter keeps it)</source>
        <translation>ARTIKEL (Pfeiltasten bewegen, Tippen ersetzt eine Zelle, Enter übernimmt)</translation>
    </message>
    <message>
        <source>TO FIX BEFORE SENDING (Enter jumps to the field)</source>
        <translation>VOR DEM SENDEN ZU KORRIGIEREN (Enter springt zum Feld)</translation>
    </message>
    <message>
        <source>Confirm and send</source>
        <translation>Bestätigen und senden</translation>
    </message>
    <message>
        <source>Previous parcel</source>
        <translation>Vorheriges Paket</translation>
    </message>
    <message>
        <source>Next parcel</source>
        <translation>Nächstes Paket</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Später</translation>
    </message>
    <message>
        <source>Customs · order {0} → {1}</source>
        <translation>Zoll · Auftrag {0} → {1}</translation>
    </message>
    <message>
        <source>Parcel {0} of {1}</source>
        <translation>Paket {0} von {1}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>to fix: {0}</source>
        <translation>zu korrigieren: {0}</translation>
    </message>
</context>
<context>
    <name>CustomsNotes</name>
    <message>
        <source>Noted by an older version of the station, in English: “{0}”</source>
        <translation>Vermerk einer älteren Version des Platzes, auf Englisch: „{0}“</translation>
    </message>
</context>
<context>
    <name>CustomsViewModel</name>
    <message>
        <source>No customs declaration of order {0} is at this station</source>
        <extracomment>Declarations the packer can still fix and confirm. The article fields in table order (paths are ``articles[i].&lt;field&gt;``). The declaration&apos;s own fields the dialog edits.</extracomment>
        <translation>Zu Auftrag {0} liegt an diesem Packplatz keine Zollanmeldung vor</translation>
    </message>
    <message>
        <source>Finish the customs declaration first</source>
        <translation>Zuerst die Zollanmeldung abschließen</translation>
    </message>
    <message>
        <source>F2 confirms and sends it; Esc leaves it for later (dispatch lists it).</source>
        <translation>F2 bestätigt und sendet sie; Esc lässt sie für später liegen (der Versand listet sie).</translation>
    </message>
    <message>
        <source>Fix the marked fields: nothing was sent</source>
        <translation>Markierte Felder korrigieren: Es wurde nichts gesendet</translation>
    </message>
    <message>
        <source>{0} field(s) would be refused. {1}</source>
        <translation>{0} Feld(er) würden abgelehnt. {1}</translation>
    </message>
    <message>
        <source>Sending the customs declaration…</source>
        <translation>Zollanmeldung wird gesendet …</translation>
    </message>
    <message>
        <source>The declaration was not taken</source>
        <translation>Die Anmeldung wurde nicht angenommen</translation>
    </message>
    <message>
        <source>not weighed</source>
        <translation>nicht gewogen</translation>
    </message>
    <message>
        <source>Order {0}, parcel {1} of {2}</source>
        <translation>Auftrag {0}, Paket {1} von {2}</translation>
    </message>
    <message>
        <source>Customs data missing: fix the marked fields</source>
        <translation>Zolldaten fehlen: markierte Felder korrigieren</translation>
    </message>
    <message>
        <source>Then press F2 to confirm and send.</source>
        <translation>Dann mit F2 bestätigen und senden.</translation>
    </message>
    <message>
        <source>Seven Senders refused the declaration</source>
        <translation>Seven Senders hat die Anmeldung abgelehnt</translation>
    </message>
    <message>
        <source>Fix it and press F2.</source>
        <translation>Korrigieren und F2 drücken.</translation>
    </message>
    <message>
        <source>Check the customs declaration and press F2</source>
        <translation>Zollanmeldung prüfen und F2 drücken</translation>
    </message>
    <message>
        <source>Everything is filled in from the order.</source>
        <translation>Alles ist aus dem Auftrag ausgefüllt.</translation>
    </message>
    <message>
        <source>Pending: waiting for Seven Senders to accept</source>
        <translation>Offen: wartet auf die Annahme durch Seven Senders</translation>
    </message>
    <message>
        <source>Nothing is lost if it is slow. Esc closes; packing goes on.</source>
        <translation>Wenn es dauert, geht nichts verloren. Esc schließt; das Packen geht weiter.</translation>
    </message>
    <message>
        <source>Customs done for order {0}</source>
        <translation>Zoll für Auftrag {0} erledigt</translation>
    </message>
    <message>
        <source>Esc closes, or scan the next order.</source>
        <translation>Esc schließt, oder den nächsten Auftrag scannen.</translation>
    </message>
    <message>
        <source>Seven Senders customs shipment</source>
        <translation>Zollsendung über Seven Senders</translation>
    </message>
    <message>
        <source>Customs documents only (commercial invoice / CN23)</source>
        <translation>Nur Zollpapiere (Handelsrechnung / CN23)</translation>
    </message>
    <message>
        <source>No customs</source>
        <translation>Kein Zoll</translation>
    </message>
    <message>
        <source>data missing</source>
        <translation>Daten fehlen</translation>
    </message>
    <message>
        <source>ready: confirm with F2</source>
        <translation>bereit: mit F2 bestätigen</translation>
    </message>
    <message>
        <source>pending: waiting for Seven Senders</source>
        <translation>offen: wartet auf Seven Senders</translation>
    </message>
    <message>
        <source>accepted by Seven Senders ✓</source>
        <translation>von Seven Senders angenommen ✓</translation>
    </message>
    <message>
        <source>refused by Seven Senders</source>
        <translation>von Seven Senders abgelehnt</translation>
    </message>
    <message>
        <source>commercial invoice made ✓</source>
        <translation>Handelsrechnung erstellt ✓</translation>
    </message>
    <message>
        <source>in manifest {0} ✓</source>
        <translation>im Manifest {0} ✓</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>zurückgezogen</translation>
    </message>
    <message>
        <source>{0} article(s) · {1} unit(s) · value {2} · net weight {3}</source>
        <translation>{0} Artikel · {1} Stück · Wert {2} · Nettogewicht {3}</translation>
    </message>
    <message>
        <source>no SKU</source>
        <translation>keine SKU</translation>
    </message>
    <message>
        <source>Article {0} ({1}): </source>
        <translation>Artikel {0} ({1}): </translation>
    </message>
    <message>
        <source>quantity {0!r} is not a whole number</source>
        <translation>Menge {0!r} ist keine ganze Zahl</translation>
    </message>
    <message>
        <source>{0!r} is not a number</source>
        <translation>{0!r} ist keine Zahl</translation>
    </message>
    <message>
        <source>Invoice date {0!r}: write it as YYYY-MM-DD</source>
        <translation>Rechnungsdatum {0!r}: bitte als JJJJ-MM-TT schreiben</translation>
    </message>
    <message>
        <source>Planned pick-up {0!r}: write it as YYYY-MM-DD HH:MM</source>
        <translation>Geplante Abholung {0!r}: bitte als JJJJ-MM-TT HH:MM schreiben</translation>
    </message>
    <message>
        <source>HS code missing</source>
        <translation>Zolltarifnummer fehlt</translation>
    </message>
    <message>
        <source>HS code {0} must be 6 to 10 digits</source>
        <translation>Zolltarifnummer {0} muss 6 bis 10 Ziffern haben</translation>
    </message>
    <message>
        <source>value missing</source>
        <translation>Wert fehlt</translation>
    </message>
    <message>
        <source>the value must be more than 0</source>
        <translation>der Wert muss größer als 0 sein</translation>
    </message>
    <message>
        <source>net weight missing</source>
        <translation>Nettogewicht fehlt</translation>
    </message>
    <message>
        <source>the net weight must be more than 0</source>
        <translation>das Nettogewicht muss größer als 0 sein</translation>
    </message>
    <message>
        <source>country of origin missing</source>
        <translation>Ursprungsland fehlt</translation>
    </message>
    <message>
        <source>{0} is not a known country of origin</source>
        <translation>{0} ist kein bekanntes Ursprungsland</translation>
    </message>
    <message>
        <source>the quantity must be at least 1</source>
        <translation>die Menge muss mindestens 1 sein</translation>
    </message>
    <message>
        <source>the currency must be a 3-letter code such as EUR</source>
        <translation>die Währung muss ein Code aus 3 Buchstaben sein, z. B. EUR</translation>
    </message>
    <message>
        <source>description of the goods missing</source>
        <translation>Warenbeschreibung fehlt</translation>
    </message>
    <message>
        <source>SKU missing</source>
        <translation>SKU fehlt</translation>
    </message>
    <message>
        <source>The articles&apos; net weights add up to more than the parcel weighs ({0})</source>
        <translation>Die Nettogewichte der Artikel ergeben mehr, als das Paket wiegt ({0})</translation>
    </message>
    <message>
        <source>All values of one declaration must be in one currency</source>
        <translation>Alle Werte einer Anmeldung müssen in einer Währung sein</translation>
    </message>
    <message>
        <source>At least one article is needed</source>
        <translation>Mindestens ein Artikel ist nötig</translation>
    </message>
    <message>
        <source>Incoterm: choose one of {0}</source>
        <translation>Incoterm: einen von {0} wählen</translation>
    </message>
    <message>
        <source>Invoice id: at most 35 characters, without &apos;/&apos;</source>
        <translation>Rechnungsnummer: höchstens 35 Zeichen, ohne „/“</translation>
    </message>
    <message>
        <source>Departure country: a two-letter country code such as DE</source>
        <translation>Abgangsland: ein Ländercode aus zwei Buchstaben, z. B. DE</translation>
    </message>
    <message>
        <source>Planned pick-up missing: write it as YYYY-MM-DD HH:MM</source>
        <translation>Geplante Abholung fehlt: bitte als JJJJ-MM-TT HH:MM schreiben</translation>
    </message>
    <message>
        <source>The tracking code is missing (it comes from the label)</source>
        <translation>Die Sendungsnummer fehlt (sie kommt vom Label)</translation>
    </message>
    <message>
        <source>The label is not bought yet: the declaration needs its shipment</source>
        <translation>Das Label ist noch nicht gekauft: Die Erklärung braucht seine Sendung</translation>
    </message>
    <message>
        <source>{0}: check this field</source>
        <translation>{0}: dieses Feld prüfen</translation>
    </message>
</context>
<context>
    <name>DispatchMode</name>
    <message>
        <source>Dispatch</source>
        <translation>Versand</translation>
    </message>
    <message>
        <source>PICK-UPS WAITING FOR A MANIFEST (arrow keys)</source>
        <translation>ABHOLUNGEN OHNE MANIFEST (Pfeiltasten)</translation>
    </message>
    <message>
        <source>CUSTOMS SHIPMENTS OF THE PICK-UP</source>
        <translation>ZOLLSENDUNGEN DER ABHOLUNG</translation>
    </message>
    <message>
        <source>WAITING FOR SEVEN SENDERS (not in a manifest yet)</source>
        <translation>WARTEN AUF SEVEN SENDERS (noch in keinem Manifest)</translation>
    </message>
    <message>
        <source>WAITING FOR THE PACKER (F6, Enter opens the customs dialog)</source>
        <translation>WARTEN AUF DEN PACKER (F6, Enter öffnet die Zollanmeldung)</translation>
    </message>
    <message>
        <source>PIECES (F3) · PALLETS, CAGES, BOXES</source>
        <translation>PACKSTÜCKE (F3) · PALETTEN, GITTERBOXEN, KARTONS</translation>
    </message>
    <message>
        <source>MANIFEST ID (GENERATED)</source>
        <translation>MANIFEST-ID (ERZEUGT)</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Parcel</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Tracking code</source>
        <translation>Sendungsnr.</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Post manifest…</source>
        <translation>Manifest senden …</translation>
    </message>
    <message>
        <source>Pieces</source>
        <translation>Packstücke</translation>
    </message>
    <message>
        <source>Ask Seven Senders again</source>
        <translation>Seven Senders erneut fragen</translation>
    </message>
    <message>
        <source>Declarations to confirm</source>
        <translation>Zu bestätigende Anmeldungen</translation>
    </message>
    <message>
        <source>{0} · {1} shipment(s)</source>
        <translation>{0} · {1} Sendung(en)</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>vorbei</translation>
    </message>
    <message>
        <source>No pick-up waits for a manifest.</source>
        <translation>Keine Abholung wartet auf ein Manifest.</translation>
    </message>
</context>
<context>
    <name>DispatchViewModel</name>
    <message>
        <source>Choose a pick-up first</source>
        <extracomment>Declarations that wait for the packer (listed so the customs dialog can be opened).</extracomment>
        <translation>Zuerst eine Abholung wählen</translation>
    </message>
    <message>
        <source>Arrow keys choose the pick-up; its manifest id appears on the right.</source>
        <translation>Pfeiltasten wählen die Abholung; ihre Manifest-ID erscheint rechts.</translation>
    </message>
    <message>
        <source>Enter the number of pieces</source>
        <translation>Anzahl der Packstücke eingeben</translation>
    </message>
    <message>
        <source>Pieces are the outer containers handed to the carrier: at least 1.</source>
        <translation>Packstücke sind die Außenverpackungen, die dem Paketdienst übergeben werden: mindestens 1.</translation>
    </message>
    <message>
        <source>Asking Seven Senders…</source>
        <translation>Seven Senders wird gefragt …</translation>
    </message>
    <message>
        <source>Seven Senders could not be asked</source>
        <translation>Seven Senders war nicht erreichbar</translation>
    </message>
    <message>
        <source>No pick-up is ready for a manifest yet</source>
        <translation>Noch keine Abholung ist bereit für ein Manifest</translation>
    </message>
    <message>
        <source>{0} customs shipment(s) wait for Seven Senders to accept them.</source>
        <translation>{0} Zollsendung(en) warten auf die Annahme durch Seven Senders.</translation>
    </message>
    <message>
        <source>Every customs shipment is in a manifest</source>
        <translation>Jede Zollsendung ist in einem Manifest</translation>
    </message>
    <message>
        <source>Nothing to post. F5 looks again.</source>
        <translation>Nichts zu senden. F5 sieht erneut nach.</translation>
    </message>
    <message>
        <source>No manifest for this pick-up</source>
        <translation>Kein Manifest für diese Abholung</translation>
    </message>
    <message>
        <source>Pick-up {0}: enter the pieces, then F2</source>
        <translation>Abholung {0}: Packstücke eingeben, dann F2</translation>
    </message>
    <message>
        <source>The pick-up time has passed. </source>
        <translation>Die Abholzeit ist vorbei. </translation>
    </message>
    <message>
        <source>Manifest {0} with {1} customs shipment(s).</source>
        <translation>Manifest {0} mit {1} Zollsendung(en).</translation>
    </message>
    <message>
        <source>Posting manifest {0}…</source>
        <translation>Manifest {0} wird gesendet …</translation>
    </message>
    <message>
        <source>The manifest was not posted</source>
        <translation>Das Manifest wurde nicht gesendet</translation>
    </message>
    <message>
        <source>Manifest {0} posted</source>
        <translation>Manifest {0} gesendet</translation>
    </message>
    <message>
        <source>Manifest {0} was posted already</source>
        <translation>Manifest {0} wurde bereits gesendet</translation>
    </message>
    <message>
        <source>{0} customs shipment(s), {1} piece(s). It can no longer change.</source>
        <translation>{0} Zollsendung(en), {1} Packstück(e). Es kann nicht mehr geändert werden.</translation>
    </message>
    <message>
        <source>accepted · {0}</source>
        <translation>angenommen · {0}</translation>
    </message>
    <message>
        <source>at {0}</source>
        <translation>an {0}</translation>
    </message>
    <message>
        <source>waiting for Seven Senders · pick-up {0}</source>
        <translation>wartet auf Seven Senders · Abholung {0}</translation>
    </message>
    <message>
        <source>data missing</source>
        <translation>Daten fehlen</translation>
    </message>
    <message>
        <source>to confirm</source>
        <translation>zu bestätigen</translation>
    </message>
    <message>
        <source>refused by Seven Senders</source>
        <translation>von Seven Senders abgelehnt</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>Mo</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Di</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Mi</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Do</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Fr</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Sa</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>So</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up packstation</source>
        <extracomment>The environments a real station is set up for (the sandbox is the demo button).</extracomment>
        <translation>packstation einrichten</translation>
    </message>
    <message>
        <source>&amp;Demo mode (training)</source>
        <translation>&amp;Demomodus (Schulung)</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>Zurück (Esc)</translation>
    </message>
    <message>
        <source>This station has no settings yet. Five short steps connect it to Seven Senders, the merchant&apos;s orders, the label printer and the scanner.

Enter: set up this station.   Alt+D: demo mode — training on a built-in practice system; nothing is bought, nothing is saved.</source>
        <translation>Dieser Packplatz hat noch keine Einstellungen. Fünf kurze Schritte verbinden ihn mit Seven Senders, den Aufträgen des Händlers, dem Labeldrucker und dem Scanner.

Enter: diesen Packplatz einrichten.   Alt+D: Demomodus — Schulung an einem eingebauten Übungssystem; nichts wird gekauft, nichts gespeichert.</translation>
    </message>
    <message>
        <source>Which Seven Senders system does this station work with? The access key is kept in the computer&apos;s password store (OS keyring), never in a file.</source>
        <translation>Mit welchem System von Seven Senders arbeitet dieser Packplatz? Der Zugangsschlüssel wird im Passwortspeicher des Computers (Schlüsselbund) abgelegt, nie in einer Datei.</translation>
    </message>
    <message>
        <source>Production (real labels)</source>
        <translation>Produktion (echte Labels)</translation>
    </message>
    <message>
        <source>UAT (Seven Senders test system)</source>
        <translation>UAT (Testsystem von Seven Senders)</translation>
    </message>
    <message>
        <source>Custom URL</source>
        <translation>Eigene URL</translation>
    </message>
    <message>
        <source>Paste the key from Seven Senders</source>
        <translation>Schlüssel von Seven Senders einfügen</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Custom API URL</source>
        <translation>Eigene API-URL</translation>
    </message>
    <message>
        <source>Access key</source>
        <translation>Zugangsschlüssel</translation>
    </message>
    <message>
        <source>Where do the merchant&apos;s orders come from? A folder of exported order files (JSON or CSV) or the shop&apos;s order URL. The station name appears in every label&apos;s reference: give each bench its own.</source>
        <translation>Woher kommen die Aufträge des Händlers? Ein Ordner mit exportierten Auftragsdateien (JSON oder CSV) oder die Auftrags-URL des Shops. Der Name des Packplatzes steht in der Referenz jedes Labels: Jeder Packplatz braucht einen eigenen.</translation>
    </message>
    <message>
        <source>e.g. \\server\orders or https://…</source>
        <translation>z. B. \\server\auftraege oder https://…</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>Ordner &amp;wählen…</translation>
    </message>
    <message>
        <source>Order source</source>
        <translation>Auftragsquelle</translation>
    </message>
    <message>
        <source>Station name</source>
        <translation>Name des Packplatzes</translation>
    </message>
    <message>
        <source>The label printer: pick one found on this computer or type its address, then print a test label (Alt+T). Empty: labels are only saved as files.</source>
        <translation>Der Labeldrucker: einen auf diesem Computer gefundenen wählen oder seine Adresse eingeben, dann ein Testlabel drucken (Alt+T). Leer: Labels werden nur als Dateien gespeichert.</translation>
    </message>
    <message>
        <source>e.g. tcp://192.168.1.50:9100</source>
        <translation>z. B. tcp://192.168.1.50:9100</translation>
    </message>
    <message>
        <source>&amp;Find printers</source>
        <translation>Drucker &amp;finden</translation>
    </message>
    <message>
        <source>&amp;Test print</source>
        <translation>&amp;Testdruck</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Drucker</translation>
    </message>
    <message>
        <source>Printer language</source>
        <translation>Druckersprache</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
    <message>
        <source>The scanner: scan the scanner test barcode, the last one on the command sheet (Alt+C saves the sheet and opens it to print). It tells whether the scanner and this PC use the same keyboard layout — otherwise codes arrive altered. No scanner at hand? Enter goes on; the test barcode can be scanned on the packing screen at any time.</source>
        <translation>Der Scanner: Scannen Sie den Scanner-Test-Barcode, den letzten auf dem Befehlsblatt (Alt+C speichert das Blatt und öffnet es zum Drucken). Er zeigt, ob Scanner und PC dasselbe Tastaturlayout verwenden — sonst kommen Codes verändert an. Kein Scanner zur Hand? Enter geht weiter; der Test-Barcode kann jederzeit an der Packstation gescannt werden.</translation>
    </message>
    <message>
        <source>&amp;Command sheet (PDF)</source>
        <translation>Befehlsblatt als PDF (Alt+&amp;C)</translation>
    </message>
    <message>
        <source>Waiting for the test barcode ({0}).</source>
        <translation>Warte auf den Test-Barcode ({0}).</translation>
    </message>
    <message>
        <source>Ready. Enter saves the settings and starts the station.</source>
        <translation>Fertig. Enter speichert die Einstellungen und startet den Packplatz.</translation>
    </message>
    <message>
        <source>Welcome to packstation</source>
        <translation>Willkommen bei packstation</translation>
    </message>
    <message>
        <source>Seven Senders</source>
        <translation>Seven Senders</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Label printer</source>
        <translation>Labeldrucker</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Step {0} of {1}</source>
        <translation>Schritt {0} von {1}</translation>
    </message>
    <message>
        <source>Set up this station (Enter)</source>
        <translation>Diesen Packplatz einrichten (Enter)</translation>
    </message>
    <message>
        <source>Save and start (Enter)</source>
        <translation>Speichern und starten (Enter)</translation>
    </message>
    <message>
        <source>Next (Enter)</source>
        <translation>Weiter (Enter)</translation>
    </message>
    <message>
        <source>Enter where the orders come from (a folder or a URL).</source>
        <translation>Geben Sie an, woher die Aufträge kommen (ein Ordner oder eine URL).</translation>
    </message>
    <message>
        <source>Give the station a name.</source>
        <translation>Geben Sie dem Packplatz einen Namen.</translation>
    </message>
    <message>
        <source>(none: labels saved as files)</source>
        <translation>(keiner: Labels werden als Dateien gespeichert)</translation>
    </message>
    <message>
        <source>Seven Senders: {0}</source>
        <translation>Seven Senders: {0}</translation>
    </message>
    <message>
        <source>Access key: {0}</source>
        <translation>Zugangsschlüssel: {0}</translation>
    </message>
    <message>
        <source>Orders: {0}</source>
        <translation>Aufträge: {0}</translation>
    </message>
    <message>
        <source>Station name: {0}</source>
        <translation>Name des Packplatzes: {0}</translation>
    </message>
    <message>
        <source>Printer: {0} ({1}, {2} dpi)</source>
        <translation>Drucker: {0} ({1}, {2} dpi)</translation>
    </message>
    <message>
        <source>Scanner: {0}</source>
        <translation>Scanner: {0}</translation>
    </message>
    <message>
        <source>not checked yet (scan the test barcode)</source>
        <translation>noch nicht geprüft (Test-Barcode scannen)</translation>
    </message>
    <message>
        <source>Scanned {0}: during the set-up a scan only fills a text field, or checks the scanner with its test barcode.</source>
        <translation>{0} gescannt: Während der Einrichtung füllt ein Scan nur ein Textfeld oder prüft den Scanner mit seinem Test-Barcode.</translation>
    </message>
    <message>
        <source>Enter the custom API URL (it starts with https://).</source>
        <translation>Geben Sie die eigene API-URL ein (sie beginnt mit https://).</translation>
    </message>
    <message>
        <source>This computer has no secure password store (OS keyring). The station takes the key from the PACKSTATION_ACCESS_KEY variable of its service instead (ask IT); it is never written to a file. Enter again to go on.</source>
        <translation>Dieser Computer hat keinen sicheren Passwortspeicher (Schlüsselbund). Der Packplatz nimmt den Schlüssel stattdessen aus der Variable PACKSTATION_ACCESS_KEY seines Dienstes (fragen Sie die IT); er wird nie in eine Datei geschrieben. Noch einmal Enter, um fortzufahren.</translation>
    </message>
    <message>
        <source>Enter the access key from Seven Senders.</source>
        <translation>Geben Sie den Zugangsschlüssel von Seven Senders ein.</translation>
    </message>
    <message>
        <source>Folder of the order files</source>
        <translation>Ordner der Auftragsdateien</translation>
    </message>
</context>
<context>
    <name>ItemsTable</name>
    <message>
        <source>Picture</source>
        <extracomment>the pictures on a short screen (1024×768: ``set_compact``), so more rows are in view Columns that give way when the table is narrow, first to last: SKU/EAN, then the picture. The name wraps; the counts and the state are never hidden.</extracomment>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>SKU / EAN</source>
        <translation>SKU / EAN</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Bestellt</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>Gescannt</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>Karton</translation>
    </message>
</context>
<context>
    <name>LabelPreviewPanel</name>
    <message>
        <source>LAST LABEL</source>
        <translation>LETZTES LABEL</translation>
    </message>
    <message>
        <source>The label appears here once it is printed.</source>
        <translation>Das Label erscheint hier, sobald es gedruckt ist.</translation>
    </message>
</context>
<context>
    <name>ManifestConfirmDialog</name>
    <message>
        <source>Post the manifest</source>
        <translation>Manifest senden</translation>
    </message>
    <message>
        <source>Post manifest {0}?</source>
        <translation>Manifest {0} senden?</translation>
    </message>
    <message>
        <source>Pick-up: &lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;Customs shipments: &lt;b&gt;{1}&lt;/b&gt; ({2})&lt;br&gt;Pieces: &lt;b&gt;{3}&lt;/b&gt;</source>
        <translation>Abholung: &lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;Zollsendungen: &lt;b&gt;{1}&lt;/b&gt; ({2})&lt;br&gt;Packstücke: &lt;b&gt;{3}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>{0} customs shipment(s) of this pick-up are not accepted by Seven Senders yet and stay out of this manifest.</source>
        <translation>{0} Zollsendung(en) dieser Abholung sind von Seven Senders noch nicht angenommen und bleiben außerhalb dieses Manifests.</translation>
    </message>
    <message>
        <source>A posted manifest can never be changed. Mistakes can only be corrected by your Seven Senders contact.</source>
        <translation>Ein gesendetes Manifest kann nie mehr geändert werden. Fehler kann nur Ihr Ansprechpartner bei Seven Senders korrigieren.</translation>
    </message>
    <message>
        <source>Space: this manifest is final (pick-up, shipments, pieces checked)</source>
        <translation>Leertaste: Dieses Manifest ist endgültig (Abholung, Sendungen, Packstücke geprüft)</translation>
    </message>
    <message>
        <source>Enter  Post manifest (cannot be changed)</source>
        <translation>Enter  Manifest senden (nicht mehr änderbar)</translation>
    </message>
    <message>
        <source>Esc  Back</source>
        <translation>Esc  Zurück</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Move to another box</source>
        <translation>In einen anderen Karton umpacken</translation>
    </message>
    <message>
        <source>Scan the item or pick it with the arrow keys, type the box it goes to, then press Enter.</source>
        <translation>Scannen Sie den Artikel oder wählen Sie ihn mit den Pfeiltasten, tippen Sie den Karton, in den er kommt, und drücken Sie Enter.</translation>
    </message>
    <message>
        <source>Box {0} · {1} × {2}</source>
        <translation>Karton {0} · {1} × {2}</translation>
    </message>
    <message>
        <source>To box</source>
        <translation>In Karton</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Stück</translation>
    </message>
    <message>
        <source>It is in box {0} already: type another box.</source>
        <translation>Er ist schon in Karton {0}: tippen Sie einen anderen Karton.</translation>
    </message>
    <message>
        <source>Box {0} is a new box.</source>
        <translation>Karton {0} ist ein neuer Karton.</translation>
    </message>
    <message>
        <source>{0} is in none of the boxes.</source>
        <translation>{0} ist in keinem der Kartons.</translation>
    </message>
</context>
<context>
    <name>OrderHeader</name>
    <message>
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>Paketdienst</translation>
    </message>
    <message>
        <source>Pick-up point</source>
        <translation>Abholstelle</translation>
    </message>
    <message>
        <source>Customs</source>
        <translation>Zoll</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>needed</source>
        <translation>nötig</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
</context>
<context>
    <name>PackWording</name>
    <message>
        <source>Scan the items: {0} of {1}</source>
        <translation>Artikel scannen: {0} von {1}</translation>
    </message>
    <message>
        <source>Scan an order first</source>
        <translation>Zuerst einen Auftrag scannen</translation>
    </message>
    <message>
        <source>Done — next order</source>
        <translation>Fertig – nächster Auftrag</translation>
    </message>
    <message>
        <source>Order {0}</source>
        <translation>Auftrag {0}</translation>
    </message>
    <message>
        <source>Label {0} voided</source>
        <translation>Label {0} storniert</translation>
    </message>
    <message>
        <source>Press F2 or scan FINISH to print the label.</source>
        <translation>F2 drücken oder ABSCHLIESSEN scannen, um das Label zu drucken.</translation>
    </message>
    <message>
        <source>Scan an order barcode first.</source>
        <translation>Bitte zuerst einen Auftragsbarcode scannen.</translation>
    </message>
    <message>
        <source>Scan the next order.</source>
        <translation>Nächsten Auftrag scannen.</translation>
    </message>
    <message>
        <source>Finished: {0}</source>
        <translation>Abgeschlossen: {0}</translation>
    </message>
    <message>
        <source>Starting the station…</source>
        <translation>Packplatz wird gestartet …</translation>
    </message>
    <message>
        <source>Scan an order</source>
        <translation>Auftrag scannen</translation>
    </message>
    <message>
        <source>Scan the order barcode on the pick list.</source>
        <translation>Den Auftragsbarcode auf der Pickliste scannen.</translation>
    </message>
    <message>
        <source>Nobody is signed in: scan your badge first (Ctrl+L: type your name).</source>
        <translation>Niemand ist angemeldet: zuerst den Ausweis scannen (Strg+L: Namen eingeben).</translation>
    </message>
    <message>
        <source>Sign in: scan your badge</source>
        <translation>Anmelden: Ausweis scannen</translation>
    </message>
    <message>
        <source>Or press Ctrl+L and type your name. Then scan the order.</source>
        <translation>Oder Strg+L drücken und den Namen eingeben. Dann den Auftrag scannen.</translation>
    </message>
    <message>
        <source>Hello {0} — scan an order</source>
        <translation>Hallo {0} — Auftrag scannen</translation>
    </message>
    <message>
        <source>Every order you pack is recorded with your name. Ctrl+L: sign out.</source>
        <translation>Jeder Auftrag, den Sie packen, wird mit Ihrem Namen erfasst. Strg+L: abmelden.</translation>
    </message>
    <message>
        <source>{0} signed out</source>
        <translation>{0} abgemeldet</translation>
    </message>
    <message>
        <source>The next packer scans their badge (Ctrl+L: name).</source>
        <translation>Die nächste Person scannt ihren Ausweis (Strg+L: Name).</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Scan your badge, or type your name (at most 60 characters).</source>
        <translation>Ausweis scannen oder Namen eingeben (höchstens 60 Zeichen).</translation>
    </message>
    <message>
        <source>Order {0} for {1}, {2}</source>
        <translation>Auftrag {0} für {1}, {2}</translation>
    </message>
    <message>
        <source>Order {0} was left unfinished: continue with its items.</source>
        <translation>Auftrag {0} war noch offen: mit seinen Artikeln weitermachen.</translation>
    </message>
    <message>
        <source>✓ {0} — {1} of {2}</source>
        <translation>✓ {0} – {1} von {2}</translation>
    </message>
    <message>
        <source>All items are in the box</source>
        <translation>Alle Artikel sind im Karton</translation>
    </message>
    <message>
        <source>Scanned: {0} — that is not an order barcode.</source>
        <translation>Gescannt: {0} – das ist kein Auftragsbarcode.</translation>
    </message>
    <message>
        <source>Unknown command barcode</source>
        <translation>Unbekannter Befehlsbarcode</translation>
    </message>
    <message>
        <source>Scanned: {0}. Print a new command sheet with F11.</source>
        <translation>Gescannt: {0}. Mit F11 ein neues Befehlsblatt drucken.</translation>
    </message>
    <message>
        <source>Order {0} is already packed</source>
        <translation>Auftrag {0} ist schon gepackt</translation>
    </message>
    <message>
        <source>Its labels: {0}. F6 prints them again; a second label is never bought.</source>
        <translation>Seine Labels: {0}. F6 druckt sie erneut; ein zweites Label wird nie gekauft.</translation>
    </message>
    <message>
        <source>Order {0} is already packed at another bench</source>
        <translation>Auftrag {0} ist schon an einem anderen Packplatz gepackt</translation>
    </message>
    <message>
        <source>Order {0} is being packed at {1}</source>
        <translation>Auftrag {0} wird an {1} gepackt</translation>
    </message>
    <message>
        <source>Put the order aside and tell the shift lead.</source>
        <translation>Auftrag beiseitelegen und der Schichtleitung Bescheid geben.</translation>
    </message>
    <message>
        <source>The shop&apos;s data for order {0} cannot be read</source>
        <translation>Die Shopdaten zu Auftrag {0} können nicht gelesen werden</translation>
    </message>
    <message>
        <source>Put aside: {0} — not in order {1}</source>
        <translation>Beiseitelegen: {0} — nicht in Auftrag {1}</translation>
    </message>
    <message>
        <source>One too many: {0}</source>
        <translation>Einer zu viel: {0}</translation>
    </message>
    <message>
        <source>Scanned: {0} — no order is being packed.</source>
        <translation>Gescannt: {0} – es wird gerade kein Auftrag gepackt.</translation>
    </message>
    <message>
        <source>Unknown code: {0}</source>
        <translation>Unbekannter Code: {0}</translation>
    </message>
    <message>
        <source>That is order {0}</source>
        <translation>Das ist Auftrag {0}</translation>
    </message>
    <message>
        <source>Finish order {0} first, or take it off the bench with F9.</source>
        <translation>Zuerst Auftrag {0} abschließen oder ihn mit F9 vom Packplatz nehmen.</translation>
    </message>
    <message>
        <source>No order on the bench</source>
        <translation>Kein Auftrag am Packplatz</translation>
    </message>
    <message>
        <source>Order {0} is done</source>
        <translation>Auftrag {0} ist fertig</translation>
    </message>
    <message>
        <source>Scan the carrier label of parcel {0} of {1}</source>
        <translation>Paketdienst-Label von Paket {0} von {1} scannen</translation>
    </message>
    <message>
        <source>Its tracking barcode registers the parcel at Seven Senders.</source>
        <translation>Mit dessen Sendungsnummer-Barcode wird das Paket bei Seven Senders angemeldet.</translation>
    </message>
    <message>
        <source>Buying label {0} of {1}…</source>
        <translation>Label {0} von {1} wird gekauft …</translation>
    </message>
    <message>
        <source>Downloading label {0} of {1}…</source>
        <translation>Label {0} von {1} wird geladen …</translation>
    </message>
    <message>
        <source>Printing label {0} of {1}…</source>
        <translation>Label {0} von {1} wird gedruckt …</translation>
    </message>
    <message>
        <source>Label bought, not finished: {0}</source>
        <translation>Etikett gekauft, nicht fertig: {0}</translation>
    </message>
    <message>
        <source>{0} Nothing is bought again: F2 finishes it.</source>
        <translation>{0} Es wird nichts noch einmal gekauft: F2 macht es fertig.</translation>
    </message>
    <message>
        <source>No label yet for order {0}</source>
        <translation>Noch kein Label für Auftrag {0}</translation>
    </message>
    <message>
        <source>{0} Nothing is lost: F2 tries again.</source>
        <translation>{0} Es geht nichts verloren: F2 versucht es erneut.</translation>
    </message>
    <message>
        <source>Tracking code {0} cannot be used</source>
        <translation>Sendungsnummer {0} kann nicht verwendet werden</translation>
    </message>
    <message>
        <source>Items missing: {0}</source>
        <translation>Es fehlen noch Artikel: {0}</translation>
    </message>
    <message>
        <source>Put it aside — not in order {0}</source>
        <translation>Beiseitelegen — nicht in Auftrag {0}</translation>
    </message>
    <message>
        <source>Scan the items — the printer is not ready: {0}</source>
        <translation>Artikel scannen – der Drucker ist nicht bereit: {0}</translation>
    </message>
    <message>
        <source>Order {0} for {1}, {2}. Fix the printer while you pack: the label waits until it is ready.</source>
        <translation>Auftrag {0} für {1}, {2}. Bitte den Drucker in Ordnung bringen, während Sie packen: Das Label wartet, bis er bereit ist.</translation>
    </message>
    <message>
        <source>Scanned {0}. Next: {1}</source>
        <translation>Gescannt: {0}. Als Nächstes: {1}</translation>
    </message>
    <message>
        <source>Scanned {0}: the order has {1} and all are packed. Take it out of the box. Next: {2}</source>
        <translation>{0} gescannt: Der Auftrag hat {1} und alle sind verpackt. Nehmen Sie es wieder aus dem Karton. Als Nächstes: {2}</translation>
    </message>
    <message>
        <source>It is not an item of this order. Next: {0}</source>
        <translation>Das ist kein Artikel dieses Auftrags. Als Nächstes: {0}</translation>
    </message>
    <message>
        <source>Next: {0}. Scan them, or skip the check with F8.</source>
        <translation>Als Nächstes: {0}. Scannen Sie sie oder überspringen Sie die Prüfung mit F8.</translation>
    </message>
    <message>
        <source>The label cannot be made yet</source>
        <translation>Das Label kann noch nicht erstellt werden</translation>
    </message>
    <message>
        <source>Order {0}: labels printed: {1} ({2}).</source>
        <translation>Auftrag {0}: Labels gedruckt: {1} ({2}).</translation>
    </message>
    <message>
        <source>Done — {0} item(s) NOT verified</source>
        <translation>Fertig — {0} Artikel NICHT geprüft</translation>
    </message>
    <message>
        <source>Order {0}: labels printed: {1} ({2}). Packed without a scan: {3}.</source>
        <translation>Auftrag {0}: Etiketten gedruckt: {1} ({2}). Ohne Scan verpackt: {3}.</translation>
    </message>
    <message>
        <source>Sent to the printer — check that the label came out</source>
        <translation>An den Drucker gesendet – prüfen, ob das Etikett herausgekommen ist</translation>
    </message>
    <message>
        <source>Order {0}: the printer cannot confirm that it printed {1} ({2}). If a label is missing, reprint it (F6).</source>
        <translation>Auftrag {0}: Der Drucker kann nicht bestätigen, dass er {1} gedruckt hat ({2}). Fehlt ein Etikett, erneut drucken (F6).</translation>
    </message>
    <message>
        <source>The label did not print: {0}</source>
        <translation>Label nicht gedruckt: {0}</translation>
    </message>
    <message>
        <source>Order {0}: the label is bought and kept. Fix the printer: the label prints as soon as it is ready (F5 prints now).</source>
        <translation>Auftrag {0}: Das Label ist gekauft und gespeichert. Bitte den Drucker prüfen: Das Label wird gedruckt, sobald er bereit ist (F5 druckt sofort).</translation>
    </message>
    <message>
        <source>No label is waiting to be printed</source>
        <translation>Kein Label wartet auf den Druck</translation>
    </message>
    <message>
        <source>To print a label again, press F6 (reprint).</source>
        <translation>Um ein Label erneut zu drucken, F6 (Nachdrucken) drücken.</translation>
    </message>
    <message>
        <source>Printing the waiting labels…</source>
        <translation>Wartende Labels werden gedruckt …</translation>
    </message>
    <message>
        <source>Waiting labels printed: {0}.</source>
        <translation>Wartende Labels gedruckt: {0}.</translation>
    </message>
    <message>
        <source>Nothing is waiting: the label of order {0} printed</source>
        <translation>Nichts wartet: Das Label von Auftrag {0} ist gedruckt</translation>
    </message>
    <message>
        <source>It printed by itself once the printer was ready. Scan the next order.</source>
        <translation>Es wurde von selbst gedruckt, sobald der Drucker bereit war. Nächsten Auftrag scannen.</translation>
    </message>
    <message>
        <source>Did this label come out? {0}</source>
        <translation>Ist dieses Etikett herausgekommen? {0}</translation>
    </message>
    <message>
        <source>The station stopped while sending it and the printer cannot tell whether it printed ({0} label(s) to check). Look at the printer, then answer.</source>
        <translation>Die Station wurde beim Senden angehalten, und der Drucker kann nicht sagen, ob es gedruckt wurde ({0} Etikett(en) zu prüfen). Am Drucker nachsehen, dann antworten.</translation>
    </message>
    <message>
        <source>Recorded as printed, not printed again: {0}.</source>
        <translation>Als gedruckt vermerkt, nicht noch einmal gedruckt: {0}.</translation>
    </message>
    <message>
        <source>The waiting label of order {0} printed.</source>
        <extracomment>a held label printed by itself while another order is on the bench (its banner stays)</extracomment>
        <translation>Das wartende Label von Auftrag {0} ist gedruckt.</translation>
    </message>
    <message>
        <source>Parcels: {0} ({1})</source>
        <translation>Pakete: {0} ({1})</translation>
    </message>
    <message>
        <source>The parcels cannot be set</source>
        <translation>Die Pakete können nicht übernommen werden</translation>
    </message>
    <message>
        <source>Moved to box {0}: {1} × {2}</source>
        <translation>In Karton {0} umgepackt: {1} × {2}</translation>
    </message>
    <message>
        <source>Box {0} was left empty and is put away: the order has {1} box(es) now.</source>
        <translation>Karton {0} war leer und ist weggelegt: Der Auftrag hat jetzt {1} Karton(s).</translation>
    </message>
    <message>
        <source>Box {0} holds {1} unit(s), box {2} holds {3}. Ctrl+M moves another.</source>
        <translation>Karton {0} enthält {1} Stück, Karton {2} enthält {3}. Strg+M packt weitere um.</translation>
    </message>
    <message>
        <source>Box {0} is empty now: move something into it (Ctrl+M) before finishing.</source>
        <translation>Karton {0} ist jetzt leer: Packen Sie vor dem Abschließen etwas hinein (Strg+M).</translation>
    </message>
    <message>
        <source>There is no box {0}</source>
        <translation>Es gibt keinen Karton {0}</translation>
    </message>
    <message>
        <source>Order {0} has boxes 1 to {1}; the next new box is {2}.</source>
        <translation>Auftrag {0} hat die Kartons 1 bis {1}; der nächste neue Karton ist {2}.</translation>
    </message>
    <message>
        <source>Box {0} is empty</source>
        <translation>Karton {0} ist leer</translation>
    </message>
    <message>
        <source>There is nothing in it to move.</source>
        <translation>Darin ist nichts zum Umpacken.</translation>
    </message>
    <message>
        <source>Not moved: box {0} holds {1} × {2}</source>
        <translation>Nicht umgepackt: Karton {0} enthält {1} × {2}</translation>
    </message>
    <message>
        <source>{0} cannot be taken out of it. Nothing was moved.</source>
        <translation>{0} kann nicht herausgenommen werden. Nichts wurde umgepackt.</translation>
    </message>
    <message>
        <source>{0} is already in box {1}</source>
        <translation>{0} ist schon in Karton {1}</translation>
    </message>
    <message>
        <source>Choose another box to move it to.</source>
        <translation>Wählen Sie einen anderen Karton.</translation>
    </message>
    <message>
        <source>Order {0} is finished: its boxes stay as they are</source>
        <translation>Auftrag {0} ist abgeschlossen: Seine Kartons bleiben, wie sie sind</translation>
    </message>
    <message>
        <source>Its labels and customs papers list what is in each box. Nothing was moved.</source>
        <translation>Labels und Zollpapiere nennen, was in jedem Karton ist. Nichts wurde umgepackt.</translation>
    </message>
    <message>
        <source>Nothing was moved</source>
        <translation>Nichts wurde umgepackt</translation>
    </message>
    <message>
        <source>Weigh box {0} first</source>
        <translation>Zuerst Karton {0} wiegen</translation>
    </message>
    <message>
        <source>Box {0} of order {1} is not weighed yet: this station checks every box&apos;s weight. Put it on the scale and press Ctrl+G.</source>
        <translation>Karton {0} von Auftrag {1} ist noch nicht gewogen: Dieser Packplatz prüft das Gewicht jedes Kartons. Stellen Sie ihn auf die Waage und drücken Sie Strg+G.</translation>
    </message>
    <message>
        <source>{0} on the scale, {1} expected, ±{2} allowed. Keep the box as it is, or open it and weigh it again.</source>
        <translation>{0} auf der Waage, {1} erwartet, ±{2} erlaubt. Lassen Sie den Karton, wie er ist, oder öffnen Sie ihn und wiegen Sie ihn erneut.</translation>
    </message>
    <message>
        <source>No packing slip for order {0}</source>
        <translation>Kein Lieferschein für Auftrag {0}</translation>
    </message>
    <message>
        <source>It was not packed at this station.</source>
        <translation>Er wurde nicht an diesem Packplatz verpackt.</translation>
    </message>
    <message>
        <source>No packing slip for order {0} yet</source>
        <translation>Noch kein Lieferschein für Auftrag {0}</translation>
    </message>
    <message>
        <source>It is not finished: its slip is made when it is (its boxes may still change).</source>
        <translation>Er ist nicht abgeschlossen: Sein Lieferschein entsteht beim Abschließen (seine Kartons können sich noch ändern).</translation>
    </message>
    <message>
        <source>The packing slip of order {0} could not be made</source>
        <translation>Der Lieferschein von Auftrag {0} konnte nicht erstellt werden</translation>
    </message>
    <message>
        <source>Packing slip of order {0} printed again</source>
        <translation>Lieferschein von Auftrag {0} erneut gedruckt</translation>
    </message>
    <message>
        <source>Filed at {0}.</source>
        <translation>Abgelegt unter {0}.</translation>
    </message>
    <message>
        <source>Packing slip of order {0} filed</source>
        <translation>Lieferschein von Auftrag {0} abgelegt</translation>
    </message>
    <message>
        <source>This station has no document printer (setting document_printer): print {0}.</source>
        <translation>Dieser Packplatz hat keinen Dokumentendrucker (Einstellung document_printer): Drucken Sie {0}.</translation>
    </message>
    <message>
        <source>The packing slip of order {0} did not print</source>
        <translation>Der Lieferschein von Auftrag {0} wurde nicht gedruckt</translation>
    </message>
    <message>
        <source>{0} did not take it. It is filed at {1}: print it from there, or press Ctrl+P again once the printer is ready.</source>
        <translation>{0} hat ihn nicht angenommen. Er ist unter {1} abgelegt: Drucken Sie ihn von dort, oder drücken Sie erneut Strg+P, sobald der Drucker bereit ist.</translation>
    </message>
    <message>
        <source>No order is being packed</source>
        <translation>Es wird gerade kein Auftrag gepackt</translation>
    </message>
    <message>
        <source>The item check stays on</source>
        <translation>Die Artikelprüfung bleibt aktiv</translation>
    </message>
    <message>
        <source>This station requires every item to be scanned.</source>
        <translation>An diesem Packplatz muss jeder Artikel gescannt werden.</translation>
    </message>
    <message>
        <source>A reason is needed to skip the item check.</source>
        <translation>Zum Überspringen der Artikelprüfung ist ein Grund nötig.</translation>
    </message>
    <message>
        <source>Item check skipped</source>
        <translation>Artikelprüfung übersprungen</translation>
    </message>
    <message>
        <source>Supervisor needed: {0}</source>
        <translation>Aufsicht nötig: {0}</translation>
    </message>
    <message>
        <source>{0}. Esc cancels; nothing is done without it.</source>
        <translation>{0}. Esc bricht ab; ohne Freigabe geschieht nichts.</translation>
    </message>
    <message>
        <source>Not a supervisor&apos;s badge or PIN</source>
        <translation>Kein Ausweis und keine PIN einer Aufsicht</translation>
    </message>
    <message>
        <source>{0}: nothing was done. {1}, or press Esc.</source>
        <translation>{0}: Es wurde nichts getan. {1} oder Esc drücken.</translation>
    </message>
    <message>
        <source>That is a supervisor badge</source>
        <translation>Das ist ein Ausweis einer Aufsicht</translation>
    </message>
    <message>
        <source>It approves only when the window asks for it; nothing was done.</source>
        <translation>Er gibt nur frei, wenn das Fenster danach fragt; es wurde nichts getan.</translation>
    </message>
    <message>
        <source>Not done: {0}</source>
        <translation>Nicht ausgeführt: {0}</translation>
    </message>
    <message>
        <source>It needs a supervisor; call one to the bench.</source>
        <translation>Dafür braucht es eine Aufsicht; rufen Sie sie an den Platz.</translation>
    </message>
    <message>
        <source>Order {0} stays on the bench</source>
        <translation>Auftrag {0} bleibt am Packplatz</translation>
    </message>
    <message>
        <source>Order {0} taken off the bench</source>
        <translation>Auftrag {0} vom Packplatz genommen</translation>
    </message>
    <message>
        <source>Nothing was bought. Scan the next order.</source>
        <translation>Es wurde nichts gekauft. Nächsten Auftrag scannen.</translation>
    </message>
    <message>
        <source>Nothing to reprint</source>
        <translation>Nichts zum Nachdrucken</translation>
    </message>
    <message>
        <source>Scan or type the order or tracking code to reprint.</source>
        <translation>Auftrag oder Sendungsnummer zum Nachdrucken scannen oder eintippen.</translation>
    </message>
    <message>
        <source>No label of {0} to reprint</source>
        <translation>Kein Label von {0} zum Nachdrucken</translation>
    </message>
    <message>
        <source>Only labels bought at this station can be printed again.</source>
        <translation>Nachdrucken lassen sich nur Labels, die an diesem Packplatz gekauft wurden.</translation>
    </message>
    <message>
        <source>Printed again: {0}</source>
        <translation>Nachgedruckt: {0}</translation>
    </message>
    <message>
        <source>Labels: {0} (the same labels, none bought).</source>
        <translation>Labels: {0} (dieselben Labels, nichts gekauft).</translation>
    </message>
    <message>
        <source>Label {0} not voided</source>
        <translation>Label {0} nicht storniert</translation>
    </message>
    <message>
        <source>Seven Senders cancelled it; the reason is recorded.</source>
        <translation>Seven Senders hat es storniert; der Grund ist protokolliert.</translation>
    </message>
    <message>
        <source>It was already void.</source>
        <translation>Es war bereits storniert.</translation>
    </message>
    <message>
        <source>New label {0} printed.</source>
        <translation>Neues Label {0} gedruckt.</translation>
    </message>
    <message>
        <source>New label {0} bought, but it did not print (F5).</source>
        <translation>Neues Label {0} gekauft, aber nicht gedruckt (F5).</translation>
    </message>
    <message>
        <source>Unfinished from before: {0}</source>
        <translation>Noch offen von vorher: {0}</translation>
    </message>
    <message>
        <source>Orders left in flight: {0}. F2 finishes them; or abandon one with a reason.</source>
        <translation>Offene Aufträge: {0}. F2 schließt sie ab – oder einen mit Grund aufgeben.</translation>
    </message>
    <message>
        <source>Finishing what was left…</source>
        <translation>Offenes wird abgeschlossen …</translation>
    </message>
    <message>
        <source>Order {0} could not be finished yet</source>
        <translation>Auftrag {0} konnte noch nicht abgeschlossen werden</translation>
    </message>
    <message>
        <source>Scan again to continue: {0}</source>
        <translation>Zum Weitermachen erneut scannen: {0}</translation>
    </message>
    <message>
        <source>Not finished at the bench: scan the order, check its boxes, finish it.</source>
        <translation>Am Packplatz nicht abgeschlossen: Auftrag scannen, Kartons prüfen, abschließen.</translation>
    </message>
    <message>
        <source>Order {0} cannot be abandoned</source>
        <translation>Auftrag {0} kann nicht aufgegeben werden</translation>
    </message>
    <message>
        <source>It has labels: finish it (F2), or void its labels first.</source>
        <translation>Es gibt schon Labels: Auftrag abschließen (F2) oder zuerst die Labels stornieren.</translation>
    </message>
    <message>
        <source>Order {0} abandoned</source>
        <translation>Auftrag {0} aufgegeben</translation>
    </message>
    <message>
        <source>The reason is recorded. Scan the next order.</source>
        <translation>Der Grund ist protokolliert. Nächsten Auftrag scannen.</translation>
    </message>
    <message>
        <source>Command sheet ready</source>
        <translation>Befehlsblatt erstellt</translation>
    </message>
    <message>
        <source>Opened from {0}: print it and keep it at the bench.{1}</source>
        <translation>Geöffnet aus {0}: bitte ausdrucken und am Packplatz aufbewahren.{1}</translation>
    </message>
    <message>
        <source>Command sheet sent to the document printer</source>
        <translation>Befehlsblatt an den Dokumentendrucker gesendet</translation>
    </message>
    <message>
        <source>Keep it at the bench. It is also saved as {0}.</source>
        <translation>Am Packplatz aufbewahren. Es ist auch gespeichert als {0}.</translation>
    </message>
    <message>
        <source>Command sheet printed on the label printer</source>
        <translation>Befehlsblatt auf dem Labeldrucker gedruckt</translation>
    </message>
    <message>
        <source>No PDF viewer could show the A4 sheet, so its barcodes came out as labels: put them up at the bench. The A4 sheet is saved as {0}.{1}</source>
        <translation>Kein PDF-Betrachter konnte das A4-Blatt anzeigen, darum kamen seine Barcodes als Labels: bitte am Packplatz aufkleben. Das A4-Blatt ist gespeichert als {0}.{1}</translation>
    </message>
    <message>
        <source>Command sheet saved, not printed</source>
        <translation>Befehlsblatt gespeichert, nicht gedruckt</translation>
    </message>
    <message>
        <source>No printer took it and no PDF viewer could show it. Copy {0} to a computer with a printer, or set a document printer in Settings.</source>
        <translation>Kein Drucker hat es angenommen und kein PDF-Betrachter konnte es anzeigen. Kopieren Sie {0} auf einen Computer mit Drucker oder richten Sie in den Einstellungen einen Dokumentendrucker ein.</translation>
    </message>
    <message>
        <source>Seven Senders did not answer as expected</source>
        <translation>Seven Senders hat nicht wie erwartet geantwortet</translation>
    </message>
    <message>
        <source>{0} Nothing is lost; try again in a moment.</source>
        <translation>{0} Nichts geht verloren; gleich noch einmal versuchen.</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgelaufen</translation>
    </message>
    <message>
        <source>The station is starting: your scans are kept and handled next.</source>
        <translation>Der Packplatz startet: Ihre Scans werden aufbewahrt und gleich verarbeitet.</translation>
    </message>
    <message>
        <source>Waiting to be handled: {0}</source>
        <translation>Warten auf Verarbeitung: {0}</translation>
    </message>
    <message>
        <source>{0} ({1}) ×{2}</source>
        <translation>{0} ({1}) ×{2}</translation>
    </message>
    <message>
        <source>{0} (+ {1} more line(s) in the table)</source>
        <translation>{0} (+ {1} weitere Zeile(n) in der Tabelle)</translation>
    </message>
    <message>
        <source>nothing more</source>
        <translation>nichts mehr</translation>
    </message>
    <message>
        <source>none set</source>
        <translation>keiner eingestellt</translation>
    </message>
    <message>
        <source>Order {0}, parcel {1} of {2}</source>
        <translation>Auftrag {0}, Paket {1} von {2}</translation>
    </message>
    <message>
        <source>Same as {0} on the keyboard</source>
        <translation>Wie {0} auf der Tastatur</translation>
    </message>
    <message>
        <source>packstation command sheet</source>
        <translation>packstation Befehlsblatt</translation>
    </message>
    <message>
        <source>Scanner test</source>
        <translation>Scanner-Test</translation>
    </message>
    <message>
        <source>Scan it to check the keyboard layout</source>
        <translation>Scannen, um das Tastaturlayout zu prüfen</translation>
    </message>
    <message>
        <source> The document printer did not take it (the log says why).</source>
        <translation> Der Dokumentendrucker hat es nicht angenommen (das Protokoll sagt, warum).</translation>
    </message>
    <message>
        <source>Scan a barcode instead of pressing the key. Station: {0}</source>
        <translation>Barcode scannen statt Taste drücken. Packplatz: {0}</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>partly</source>
        <translation>teilweise</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>vollständig</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>buying…</source>
        <translation>wird gekauft …</translation>
    </message>
    <message>
        <source>bought</source>
        <translation>gekauft</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>gedruckt</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>given up</source>
        <translation>aufgegeben</translation>
    </message>
    <message>
        <source>no label yet</source>
        <translation>noch kein Label</translation>
    </message>
    <message>
        <source>waiting for the printer</source>
        <translation>wartet auf den Drucker</translation>
    </message>
    <message>
        <source>printing…</source>
        <translation>wird gedruckt …</translation>
    </message>
    <message>
        <source>sent, unconfirmed</source>
        <translation>gesendet, unbestätigt</translation>
    </message>
    <message>
        <source>items still to be scanned</source>
        <translation>Artikel noch zu scannen</translation>
    </message>
    <message>
        <source>items checked, no label bought yet</source>
        <translation>Artikel geprüft, noch kein Label gekauft</translation>
    </message>
    <message>
        <source>labels bought, not all printed</source>
        <translation>Labels gekauft, nicht alle gedruckt</translation>
    </message>
    <message>
        <source>labels to buy and print</source>
        <translation>Labels noch zu kaufen und zu drucken</translation>
    </message>
    <message>
        <source>Seven Senders updates to send</source>
        <translation>Meldungen an Seven Senders offen</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>wird geprüft …</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>ready (no status)</source>
        <translation>bereit (ohne Statusmeldung)</translation>
    </message>
    <message>
        <source>{0} waiting</source>
        <translation>{0} wartend</translation>
    </message>
    <message>
        <source>{0} failed</source>
        <translation>{0} fehlgeschlagen</translation>
    </message>
    <message>
        <source>{0} this shift · {1} in the last hour</source>
        <translation>{0} in dieser Schicht · {1} in der letzten Stunde</translation>
    </message>
    <message>
        <source>{0} · {1}/h</source>
        <translation>{0} · {1}/Std.</translation>
    </message>
    <message>
        <source>offline — packing alone</source>
        <translation>nicht erreichbar — packt allein</translation>
    </message>
    <message>
        <source>The warehouse store does not answer: this bench packs alone. Seven Senders still refuses a second label for an order packed elsewhere.</source>
        <translation>Der Lagerspeicher antwortet nicht: Dieser Platz packt allein. Seven Senders verweigert weiterhin ein zweites Label für einen Auftrag, der anderswo gepackt wurde.</translation>
    </message>
    <message>
        <source>Signed in: {0}</source>
        <translation>Angemeldet: {0}</translation>
    </message>
    <message>
        <source>nobody signed in (Ctrl+L)</source>
        <translation>niemand angemeldet (Strg+L)</translation>
    </message>
    <message>
        <source>online</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>{0} journal entries to copy</source>
        <translation>{0} Journaleinträge noch zu kopieren</translation>
    </message>
    <message>
        <source>Box {0}: {1} heavier than expected — check for an extra item</source>
        <translation>Karton {0}: {1} schwerer als erwartet — auf einen zusätzlichen Artikel prüfen</translation>
    </message>
    <message>
        <source>Box {0}: {1} lighter than expected — check for a missing item</source>
        <translation>Karton {0}: {1} leichter als erwartet — auf einen fehlenden Artikel prüfen</translation>
    </message>
    <message>
        <source>Label {0} of {1} · {2}</source>
        <translation>Label {0} von {1} · {2}</translation>
    </message>
    <message>
        <source>ZPL, {0} dpi: {1} × {2} mm, labels in the file: {3}</source>
        <translation>ZPL, {0} dpi: {1} × {2} mm, Labels in der Datei: {3}</translation>
    </message>
    <message>
        <source>ZPL labels in the file: {0}</source>
        <translation>ZPL-Labels in der Datei: {0}</translation>
    </message>
    <message>
        <source>Fits the printer&apos;s labels and resolution.</source>
        <translation>Passt zu den Etiketten und der Auflösung des Druckers.</translation>
    </message>
</context>
<context>
    <name>PackingScreen</name>
    <message>
        <source>Finish</source>
        <extracomment>below this height (the packing screen&apos;s, at a 1024×768 window about 650 px) the banner and the items&apos; pictures are compact, so the items table shows more rows</extracomment>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Parcels</source>
        <translation>Pakete</translation>
    </message>
    <message>
        <source>+ Parcel</source>
        <translation>+ Paket</translation>
    </message>
    <message>
        <source>Print held</source>
        <translation>Wartende drucken</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Nachdruck</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Storno</translation>
    </message>
    <message>
        <source>Skip check</source>
        <translation>Ohne Prüfung</translation>
    </message>
    <message>
        <source>Off the bench</source>
        <translation>Weglegen</translation>
    </message>
    <message>
        <source>Command sheet</source>
        <translation>Befehle</translation>
    </message>
    <message>
        <source>Manual entry (F12):</source>
        <translation>Manuelle Eingabe (F12):</translation>
    </message>
    <message>
        <source>Type a damaged barcode and press Enter — scanners work anywhere</source>
        <translation>Beschädigten Barcode eintippen und Enter drücken – Scanner funktionieren überall</translation>
    </message>
    <message>
        <source>Skip the item check</source>
        <translation>Artikelprüfung überspringen</translation>
    </message>
    <message>
        <source>Why are the items not scanned? (recorded with the order)</source>
        <translation>Warum werden die Artikel nicht gescannt? (wird beim Auftrag protokolliert)</translation>
    </message>
    <message>
        <source>Items missing on the shelf</source>
        <translation>Artikel fehlen im Regal</translation>
    </message>
    <message>
        <source>Pack it later</source>
        <translation>Später packen</translation>
    </message>
    <message>
        <source>Wrong order picked</source>
        <translation>Falscher Auftrag kommissioniert</translation>
    </message>
    <message>
        <source>The customer cancelled</source>
        <translation>Kunde hat storniert</translation>
    </message>
    <message>
        <source>Cancel the order</source>
        <translation>Auftrag abbrechen</translation>
    </message>
    <message>
        <source>Take the order off the bench without a label. Why?</source>
        <translation>Auftrag ohne Label vom Packplatz nehmen. Warum?</translation>
    </message>
    <message>
        <source>Label damaged or smudged</source>
        <translation>Label beschädigt oder verschmiert</translation>
    </message>
    <message>
        <source>Label did not print completely</source>
        <translation>Label nicht vollständig gedruckt</translation>
    </message>
    <message>
        <source>Label lost</source>
        <translation>Label verloren</translation>
    </message>
    <message>
        <source>Printer jammed</source>
        <translation>Papierstau im Drucker</translation>
    </message>
    <message>
        <source>Wrong weight or number of parcels</source>
        <translation>Falsches Gewicht oder falsche Paketanzahl</translation>
    </message>
    <message>
        <source>Label damaged</source>
        <translation>Label beschädigt</translation>
    </message>
    <message>
        <source>Order cancelled after labelling</source>
        <translation>Auftrag nach dem Labeldruck storniert</translation>
    </message>
    <message>
        <source>Wrong carrier or address</source>
        <translation>Falscher Paketdienst oder falsche Adresse</translation>
    </message>
    <message>
        <source>Supervisor approval</source>
        <translation>Freigabe durch die Aufsicht</translation>
    </message>
    <message>
        <source>{0} needs a supervisor. {1}.</source>
        <translation>{0} braucht eine Aufsicht. {1}.</translation>
    </message>
    <message>
        <source>Packed elsewhere</source>
        <translation>Woanders gepackt</translation>
    </message>
    <message>
        <source>Items not available</source>
        <translation>Artikel nicht verfügbar</translation>
    </message>
    <message>
        <source>Test or training order</source>
        <translation>Test- oder Schulungsauftrag</translation>
    </message>
    <message>
        <source>Abandon order {0}</source>
        <translation>Auftrag {0} aufgeben</translation>
    </message>
    <message>
        <source>Order {0} will not be finished here. Why?</source>
        <translation>Auftrag {0} wird hier nicht abgeschlossen. Warum?</translation>
    </message>
</context>
<context>
    <name>ParcelsDialog</name>
    <message>
        <source>Parcels</source>
        <extracomment>the spin boxes big enough for gloves: large type, wide arrows</extracomment>
        <translation>Pakete</translation>
    </message>
    <message>
        <source>How many parcels, and what does each weigh?</source>
        <translation>Wie viele Pakete, und was wiegt jedes?</translation>
    </message>
    <message>
        <source>Weights in kg. Leave all at 0 to split the order&apos;s weight.</source>
        <translation>Gewichte in kg. Alle auf 0 lassen, um das Auftragsgewicht aufzuteilen.</translation>
    </message>
    <message>
        <source>Parcel {0}</source>
        <extracomment>kg per parcel number as last typed (or as the order planned): survives any count</extracomment>
        <translation>Paket {0}</translation>
    </message>
    <message>
        <source>OK waits: parcel {0} has no weight. Enter it, or set every weight to 0 to split the order&apos;s weight.</source>
        <translation>OK wartet: Paket {0} hat kein Gewicht. Tragen Sie es ein oder setzen Sie alle Gewichte auf 0, um das Gewicht des Auftrags aufzuteilen.</translation>
    </message>
</context>
<context>
    <name>ParcelsPanel</name>
    <message>
        <source>PARCELS (F3 change, F4 one more)</source>
        <translation>PAKETE (F3 ändern, F4 ein weiteres)</translation>
    </message>
    <message>
        <source>Parcel</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <source>Tracking code</source>
        <translation>Sendungsnummer</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
</context>
<context>
    <name>PickupPointStrip</name>
    <message>
        <source>PICK-UP POINT</source>
        <translation>ABHOLSTELLE</translation>
    </message>
    <message>
        <source>chosen at this station</source>
        <translation>an diesem Packplatz gewählt</translation>
    </message>
    <message>
        <source>from the shop</source>
        <translation>aus dem Shop</translation>
    </message>
</context>
<context>
    <name>PickupPointViewModel</name>
    <message>
        <source>open today {0}</source>
        <translation>heute geöffnet {0}</translation>
    </message>
</context>
<context>
    <name>PudoMode</name>
    <message>
        <source>Pick-up points</source>
        <translation>Abholstellen</translation>
    </message>
    <message>
        <source>Order (scan or type)</source>
        <translation>Auftrag (scannen oder eintippen)</translation>
    </message>
    <message>
        <source>Recipient · carrier · pick-up point now</source>
        <translation>Empfänger · Paketdienst · aktuelle Abholstelle</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>PLZ</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Straße</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Breitengrad</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Längengrad</translation>
    </message>
    <message>
        <source>Carriers (empty: the order&apos;s)</source>
        <translation>Paketdienste (leer: der des Auftrags)</translation>
    </message>
    <message>
        <source>Max. distance m (0: any)</source>
        <translation>Max. Entfernung m (0: alle)</translation>
    </message>
    <message>
        <source>Max. results (≤ 50)</source>
        <translation>Max. Treffer (≤ 50)</translation>
    </message>
    <message>
        <source>Open days/week (0: any)</source>
        <translation>Öffnungstage (0: alle)</translation>
    </message>
    <message>
        <source>near an address</source>
        <translation>nahe einer Adresse</translation>
    </message>
    <message>
        <source>near a position</source>
        <translation>nahe einer Position</translation>
    </message>
    <message>
        <source>all points of a carrier</source>
        <translation>alle Stellen eines Paketdienstes</translation>
    </message>
    <message>
        <source>RESULTS, NEAREST FIRST (arrow keys, Enter chooses)</source>
        <translation>TREFFER, NÄCHSTE ZUERST (Pfeiltasten, Enter wählt)</translation>
    </message>
    <message>
        <source>MAP (+ search position, numbers as in the list)</source>
        <translation>KARTE (+ Suchposition, Nummern wie in der Liste)</translation>
    </message>
    <message>
        <source>The points found appear here.</source>
        <translation>Die gefundenen Stellen erscheinen hier.</translation>
    </message>
    <message>
        <source>Choose for the order</source>
        <translation>Für den Auftrag wählen</translation>
    </message>
    <message>
        <source>Search form</source>
        <translation>Suchformular</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Treffer</translation>
    </message>
    <message>
        <source>Order&apos;s own point</source>
        <translation>Stelle aus dem Auftrag</translation>
    </message>
    <message>
        <source>Back to packing</source>
        <translation>Zurück zum Packen</translation>
    </message>
    <message>
        <source>no pick-up point (door delivery)</source>
        <translation>keine Abholstelle (Haustürzustellung)</translation>
    </message>
    <message>
        <source>today {0}</source>
        <translation>heute {0}</translation>
    </message>
    <message>
        <source>today: {0}</source>
        <translation>heute: {0}</translation>
    </message>
    <message>
        <source>parcel sizes {0}</source>
        <translation>Paketgrößen {0}</translation>
    </message>
</context>
<context>
    <name>PudoTexts</name>
    <message>
        <source>temporarily closed until {0}</source>
        <translation>vorübergehend geschlossen bis {0}</translation>
    </message>
    <message>
        <source>closed on Mondays</source>
        <translation>montags geschlossen</translation>
    </message>
    <message>
        <source>closed on Tuesdays</source>
        <translation>dienstags geschlossen</translation>
    </message>
    <message>
        <source>closed on Wednesdays</source>
        <translation>mittwochs geschlossen</translation>
    </message>
    <message>
        <source>closed on Thursdays</source>
        <translation>donnerstags geschlossen</translation>
    </message>
    <message>
        <source>closed on Fridays</source>
        <translation>freitags geschlossen</translation>
    </message>
    <message>
        <source>closed on Saturdays</source>
        <translation>samstags geschlossen</translation>
    </message>
    <message>
        <source>closed on Sundays</source>
        <translation>sonntags geschlossen</translation>
    </message>
    <message>
        <source>temporarily closed from {0} until {1}</source>
        <translation>vom {0} bis {1} vorübergehend geschlossen</translation>
    </message>
    <message>
        <source>{0} is {1}.</source>
        <translation>{0} ist {1}.</translation>
    </message>
    <message>
        <source>Soon: {0} is {1}.</source>
        <translation>Demnächst: {0} ist {1}.</translation>
    </message>
    <message>
        <source>{0} lists no opening hours at all.</source>
        <translation>{0} nennt überhaupt keine Öffnungszeiten.</translation>
    </message>
    <message>
        <source>chosen at this station</source>
        <translation>an diesem Packplatz gewählt</translation>
    </message>
    <message>
        <source>from the shop&apos;s order</source>
        <translation>aus dem Auftrag des Shops</translation>
    </message>
</context>
<context>
    <name>PudoViewModel</name>
    <message>
        <source>Search pick-up points</source>
        <translation>Abholstellen suchen</translation>
    </message>
    <message>
        <source>Scan an order, or fill in the search and press Enter.</source>
        <translation>Einen Auftrag scannen oder die Suche ausfüllen und Enter drücken.</translation>
    </message>
    <message>
        <source>Not an order: {0}</source>
        <translation>Kein Auftrag: {0}</translation>
    </message>
    <message>
        <source>Scan the order barcode to choose its pick-up point.</source>
        <translation>Den Auftragsbarcode scannen, um seine Abholstelle zu wählen.</translation>
    </message>
    <message>
        <source>The search cannot be sent</source>
        <translation>Die Suche kann nicht gesendet werden</translation>
    </message>
    <message>
        <source>Latitude and longitude are numbers such as 48.8848 and 2.3062.</source>
        <translation>Breiten- und Längengrad sind Zahlen wie 48.8848 und 2.3062.</translation>
    </message>
    <message>
        <source>Searching pick-up points…</source>
        <translation>Abholstellen werden gesucht …</translation>
    </message>
    <message>
        <source>Seven Senders could not be asked</source>
        <translation>Seven Senders war nicht erreichbar</translation>
    </message>
    <message>
        <source>Seven Senders refused the search</source>
        <translation>Seven Senders hat die Suche abgelehnt</translation>
    </message>
    <message>
        <source>No pick-up point found</source>
        <translation>Keine Abholstelle gefunden</translation>
    </message>
    <message>
        <source>{0} pick-up point(s) found, nearest first</source>
        <translation>{0} Abholstelle(n) gefunden, nächste zuerst</translation>
    </message>
    <message>
        <source>{0} pick-up point(s) found</source>
        <translation>{0} Abholstelle(n) gefunden</translation>
    </message>
    <message>
        <source>Arrow keys choose, Enter keeps the point for order {0}.</source>
        <translation>Pfeiltasten wählen, Enter übernimmt die Stelle für Auftrag {0}.</translation>
    </message>
    <message>
        <source>Scan or type the order to choose a point for it.</source>
        <translation>Auftrag scannen oder eintippen, um eine Stelle dafür zu wählen.</translation>
    </message>
    <message>
        <source>Not chosen yet: Seven Senders is still being asked</source>
        <translation>Noch nicht gewählt: Seven Senders wird noch gefragt</translation>
    </message>
    <message>
        <source>Press Enter again once the answer is shown.</source>
        <translation>Drücken Sie erneut Enter, sobald die Antwort angezeigt wird.</translation>
    </message>
    <message>
        <source>Which order is it for?</source>
        <translation>Für welchen Auftrag?</translation>
    </message>
    <message>
        <source>Scan the order barcode or type the order id, then press Enter again.</source>
        <translation>Auftragsbarcode scannen oder Auftragsnummer eintippen, dann erneut Enter drücken.</translation>
    </message>
    <message>
        <source>This point cannot be chosen</source>
        <translation>Diese Stelle kann nicht gewählt werden</translation>
    </message>
    <message>
        <source>{0} chosen for order {1}</source>
        <translation>{0} für Auftrag {1} gewählt</translation>
    </message>
    <message>
        <source>Its label will name this pick-up point ({0}).</source>
        <translation>Sein Label nennt diese Abholstelle ({0}).</translation>
    </message>
    <message>
        <source>Choice dropped for order {0}</source>
        <translation>Auswahl für Auftrag {0} verworfen</translation>
    </message>
    <message>
        <source>The order&apos;s own pick-up point (if any) applies again.</source>
        <translation>Die Abholstelle aus dem Auftrag (falls vorhanden) gilt wieder.</translation>
    </message>
    <message>
        <source>No point was chosen here for order {0}</source>
        <translation>Für Auftrag {0} wurde hier keine Stelle gewählt</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>↑ ↓ picks a reason above — or type your own</source>
        <translation>↑ ↓ wählt einen Grund oben – oder eigenen Grund eintippen</translation>
    </message>
</context>
<context>
    <name>ReminderViewModel</name>
    <message>
        <source>Pick-up {0} has passed: {1} customs shipment(s) not in a manifest</source>
        <translation>Abholung {0} ist vorbei: {1} Zollsendung(en) in keinem Manifest</translation>
    </message>
    <message>
        <source> — dispatch ({0})</source>
        <translation> – Versand ({0})</translation>
    </message>
</context>
<context>
    <name>ReprintDialog</name>
    <message>
        <source>Reprint</source>
        <translation>Nachdrucken</translation>
    </message>
    <message>
        <source>Print labels again (the same labels, nothing is bought)</source>
        <translation>Labels erneut drucken (dieselben Labels, es wird nichts gekauft)</translation>
    </message>
    <message>
        <source>Order number or tracking code</source>
        <translation>Auftragsnummer oder Sendungsnummer</translation>
    </message>
    <message>
        <source>Order or tracking code</source>
        <translation>Auftrag oder Sendungsnummer</translation>
    </message>
    <message>
        <source>Why?</source>
        <translation>Warum?</translation>
    </message>
    <message>
        <source>↑ ↓ picks a reason above — or type your own</source>
        <translation>↑ ↓ wählt einen Grund oben – oder eigenen Grund eintippen</translation>
    </message>
</context>
<context>
    <name>ResumeDialog</name>
    <message>
        <source>Unfinished orders</source>
        <translation>Offene Aufträge</translation>
    </message>
    <message>
        <source>These orders were left unfinished when the station stopped:</source>
        <translation>Diese Aufträge waren beim Beenden des Packplatzes noch offen:</translation>
    </message>
    <message>
        <source>scan the order to go on</source>
        <translation>zum Weitermachen Auftrag scannen</translation>
    </message>
    <message>
        <source>Enter: finish them now (labels already bought are never bought again). Delete: abandon the selected one (a reason is asked). Esc: later.</source>
        <translation>Enter: jetzt abschließen (bereits gekaufte Labels werden nie erneut gekauft). Entf: den markierten Auftrag aufgeben (mit Grund). Esc: später.</translation>
    </message>
    <message>
        <source>Finish now</source>
        <translation>Jetzt abschließen</translation>
    </message>
    <message>
        <source>Abandon…</source>
        <translation>Aufgeben …</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Später</translation>
    </message>
</context>
<context>
    <name>ReturnsMode</name>
    <message>
        <source>Returns</source>
        <translation>Retouren</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Bestellt</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Eingegangen</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Erstattet</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Marked</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Seven Senders</source>
        <translation>Seven Senders</translation>
    </message>
    <message>
        <source>UNITS (+ / −)</source>
        <translation>STÜCK (+ / −)</translation>
    </message>
    <message>
        <source>REASON (F7; required for refunds)</source>
        <translation>GRUND (F7; für Erstattungen nötig)</translation>
    </message>
    <message>
        <source>TYPE A CODE (F12), Enter looks it up</source>
        <translation>CODE EINTIPPEN (F12), Enter sucht ihn</translation>
    </message>
    <message>
        <source>MARKED FOR THIS ORDER</source>
        <translation>FÜR DIESEN AUFTRAG MARKIERT</translation>
    </message>
    <message>
        <source>THIS SHIFT</source>
        <translation>DIESE SCHICHT</translation>
    </message>
    <message>
        <source>Customer return</source>
        <translation>Kundenretoure</translation>
    </message>
    <message>
        <source>Wrong size</source>
        <translation>Falsche Größe</translation>
    </message>
    <message>
        <source>Damaged in transit</source>
        <translation>Transportschaden</translation>
    </message>
    <message>
        <source>Not as described</source>
        <translation>Nicht wie beschrieben</translation>
    </message>
    <message>
        <source>Arrived too late</source>
        <translation>Zu spät angekommen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren …</translation>
    </message>
    <message>
        <source>Type a code</source>
        <translation>Code eintippen</translation>
    </message>
    <message>
        <source>No order on the desk</source>
        <translation>Kein Auftrag am Retourenplatz</translation>
    </message>
    <message>
        <source>Scan the return label or the order barcode.</source>
        <translation>Retourenlabel oder Auftragsbarcode scannen.</translation>
    </message>
    <message>
        <source>Order {0}</source>
        <translation>Auftrag {0}</translation>
    </message>
    <message>
        <source>found by its {0}</source>
        <translation>gefunden über {0}</translation>
    </message>
    <message>
        <source>Seven Senders state: {0}</source>
        <translation>Status bei Seven Senders: {0}</translation>
    </message>
    <message>
        <source>The whole order</source>
        <translation>Der ganze Auftrag</translation>
    </message>
    <message>
        <source>refused by Seven Senders</source>
        <translation>von Seven Senders abgelehnt</translation>
    </message>
    <message>
        <source>orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>received</source>
        <translation>eingegangen</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>erstattet</translation>
    </message>
    <message>
        <source>waiting for Seven Senders</source>
        <translation>wartet auf Seven Senders</translation>
    </message>
    <message>
        <source>Export the shift summary</source>
        <translation>Schichtübersicht exportieren</translation>
    </message>
</context>
<context>
    <name>ReturnsViewModel</name>
    <message>
        <source>Scan the return label or the order barcode</source>
        <translation>Retourenlabel oder Auftragsbarcode scannen</translation>
    </message>
    <message>
        <source>The order and its items appear here.</source>
        <translation>Der Auftrag und seine Artikel erscheinen hier.</translation>
    </message>
    <message>
        <source>Scan the return first</source>
        <translation>Zuerst die Retoure scannen</translation>
    </message>
    <message>
        <source>Scan the return label or the order barcode.</source>
        <translation>Retourenlabel oder Auftragsbarcode scannen.</translation>
    </message>
    <message>
        <source>A refund needs a reason</source>
        <translation>Eine Erstattung braucht einen Grund</translation>
    </message>
    <message>
        <source>Choose or type the reason (F7), then press F3 again.</source>
        <translation>Grund wählen oder eintippen (F7), dann erneut F3 drücken.</translation>
    </message>
    <message>
        <source>Looking up {0}…</source>
        <translation>{0} wird gesucht …</translation>
    </message>
    <message>
        <source>Seven Senders could not be asked</source>
        <translation>Seven Senders war nicht erreichbar</translation>
    </message>
    <message>
        <source>Not found: {0}</source>
        <translation>Nicht gefunden: {0}</translation>
    </message>
    <message>
        <source>Order {0}: refunded already</source>
        <translation>Auftrag {0}: bereits erstattet</translation>
    </message>
    <message>
        <source>Order {0}: received already</source>
        <translation>Auftrag {0}: bereits eingegangen</translation>
    </message>
    <message>
        <source>Order {0}</source>
        <translation>Auftrag {0}</translation>
    </message>
    <message>
        <source>F2 received · F3 refunded — for the whole order or the line chosen.</source>
        <translation>F2 eingegangen · F3 erstattet – für den ganzen Auftrag oder die gewählte Zeile.</translation>
    </message>
    <message>
        <source>Not marked</source>
        <translation>Nicht markiert</translation>
    </message>
    <message>
        <source>the whole order</source>
        <translation>der ganze Auftrag</translation>
    </message>
    <message>
        <source>Returned to Warehouse</source>
        <translation>Zurück im Lager</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Erstattet</translation>
    </message>
    <message>
        <source>Seven Senders gets the state {0}.</source>
        <translation>Seven Senders erhält den Status {0}.</translation>
    </message>
    <message>
        <source>Seven Senders has this order&apos;s state already.</source>
        <translation>Seven Senders hat den Status dieses Auftrags bereits.</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>The summary was not saved</source>
        <translation>Die Übersicht wurde nicht gespeichert</translation>
    </message>
    <message>
        <source>Shift summary saved: {0} record(s)</source>
        <translation>Schichtübersicht gespeichert: {0} Einträge</translation>
    </message>
    <message>
        <source>order barcode</source>
        <translation>Auftragsbarcode</translation>
    </message>
    <message>
        <source>label {0}</source>
        <translation>Label {0}</translation>
    </message>
    <message>
        <source>return label {0}</source>
        <translation>Retourenlabel {0}</translation>
    </message>
    <message>
        <source>shipment {0}</source>
        <translation>Sendung {0}</translation>
    </message>
    <message>
        <source>whole order</source>
        <translation>ganzer Auftrag</translation>
    </message>
    <message>
        <source>{0} (all units)</source>
        <translation>{0} (alle Stück)</translation>
    </message>
    <message>
        <source>sent to Seven Senders ✓</source>
        <translation>an Seven Senders gesendet ✓</translation>
    </message>
    <message>
        <source>waiting to be sent to Seven Senders</source>
        <translation>wartet auf das Senden an Seven Senders</translation>
    </message>
    <message>
        <source>refused by Seven Senders: {0}</source>
        <translation>von Seven Senders abgelehnt: {0}</translation>
    </message>
    <message>
        <source>state sent before ✓</source>
        <translation>Status bereits gesendet ✓</translation>
    </message>
</context>
<context>
    <name>ScannerCheck</name>
    <message>
        <source>US English (QWERTY)</source>
        <translation>US-Englisch (QWERTY)</translation>
    </message>
    <message>
        <source>German (QWERTZ)</source>
        <translation>Deutsch (QWERTZ)</translation>
    </message>
    <message>
        <source>French (AZERTY)</source>
        <translation>Französisch (AZERTY)</translation>
    </message>
    <message>
        <source>{0} arrives as {1}</source>
        <translation>{0} kommt als {1} an</translation>
    </message>
    <message>
        <source>Scanner test passed</source>
        <translation>Scanner-Test bestanden</translation>
    </message>
    <message>
        <source>The test barcode arrived exactly as printed: the scanner and this PC use the same keyboard layout. Codes arrive unchanged.</source>
        <translation>Der Test-Barcode kam genau so an, wie er gedruckt ist: Scanner und PC verwenden dasselbe Tastaturlayout. Codes kommen unverändert an.</translation>
    </message>
    <message>
        <source>Scanner and PC use different keyboard layouts</source>
        <translation>Scanner und PC verwenden verschiedene Tastaturlayouts</translation>
    </message>
    <message>
        <source>The scanner types as on a {0} keyboard, this PC uses {1}: {2}. {3} arrived as {4}. Codes arrive altered until both use the same layout: set the scanner&apos;s keyboard country to {1} (its manual has a barcode for it) or this PC&apos;s keyboard layout to {0}, then scan the test barcode on the command sheet (F11) again.</source>
        <translation>Der Scanner ist auf das Layout {0} eingestellt, dieser PC auf {1}: {2}. {3} kam als {4} an. Bis beide dasselbe Layout verwenden, kommen Codes verändert an: Stellen Sie das Tastaturland des Scanners auf {1} (das Handbuch des Scanners hat dafür einen Barcode) oder das Tastaturlayout dieses PCs auf {0} und scannen Sie dann den Test-Barcode auf dem Befehlsblatt (F11) erneut.</translation>
    </message>
    <message>
        <source>Caps Lock is on</source>
        <translation>Die Feststelltaste ist an</translation>
    </message>
    <message>
        <source>The test barcode arrived with upper and lower case swapped ({0}). Switch Caps Lock off and scan the test barcode again.</source>
        <translation>Der Test-Barcode kam mit vertauschter Groß- und Kleinschreibung an ({0}). Schalten Sie die Feststelltaste aus und scannen Sie den Test-Barcode erneut.</translation>
    </message>
    <message>
        <source>The scanner changes characters</source>
        <translation>Der Scanner verändert Zeichen</translation>
    </message>
    <message>
        <source>The test barcode {0} arrived as {1} ({2}). Check the scanner&apos;s keyboard country and character settings, then scan the test barcode again.</source>
        <translation>Der Test-Barcode {0} kam als {1} an ({2}). Prüfen Sie das Tastaturland und die Zeicheneinstellungen des Scanners und scannen Sie den Test-Barcode dann erneut.</translation>
    </message>
    <message>
        <source>Scan again: the scan came in pieces</source>
        <translation>Bitte erneut scannen: der Scan kam in Stücken an</translation>
    </message>
    <message>
        <source>The scanner paused in the middle of a code, so it was not used (part of a code is a different code). Arrived: {0}. If this happens often, raise scanner_max_gap_ms in the settings file (the longest pause inside a scan).</source>
        <translation>Der Scanner hat mitten im Code pausiert, deshalb wurde der Scan nicht verwendet (ein Teil eines Codes ist ein anderer Code). Angekommen: {0}. Wenn das oft passiert, erhöhen Sie scanner_max_gap_ms in der Einstellungsdatei (die längste Pause innerhalb eines Scans).</translation>
    </message>
</context>
<context>
    <name>ServiceNotes</name>
    <message>
        <source>Seven Senders could not be asked about order {order_id} yet: the station keeps trying while the items are scanned.</source>
        <extracomment>``Note.kind`` → words; ``{name}`` is the note&apos;s fact of that name</extracomment>
        <translation>Seven Senders konnte zu Auftrag {order_id} noch nicht gefragt werden: Der Platz versucht es weiter, während die Artikel gescannt werden.</translation>
    </message>
    <message>
        <source>Order {order_id}: the merchant&apos;s data lacks {field}; the parcel weight is needed when finishing (weigh it, or F3).</source>
        <translation>Auftrag {order_id}: In den Händlerdaten fehlt {field}; beim Abschließen wird das Paketgewicht gebraucht (wiegen oder F3).</translation>
    </message>
    <message>
        <source>The shop planned {parcels} parcels for order {order_id}: put what goes together in one box; F4 opens the next box.</source>
        <translation>Der Shop hat {parcels} Pakete für Auftrag {order_id} geplant: Was zusammengehört, in einen Karton; F4 öffnet den nächsten Karton.</translation>
    </message>
    <message>
        <source>The label of parcel {parcel} of {parcels} (order {order_id}) may have printed before the interruption; it was printed again (the same label, not a new one). Use only one.</source>
        <translation>Das Label von Paket {parcel} von {parcels} (Auftrag {order_id}) wurde vor der Unterbrechung vielleicht schon gedruckt; es wurde erneut gedruckt (dasselbe Label, kein neues). Nur eines verwenden.</translation>
    </message>
    <message>
        <source>The label of parcel {parcel} of {parcels} ({code}) is held — {faults}: it prints by itself as soon as the printer is ready.</source>
        <translation>Das Label von Paket {parcel} von {parcels} ({code}) wartet – {faults}: Es druckt von selbst, sobald der Drucker bereit ist.</translation>
    </message>
    <message>
        <source>The label of parcel {parcel} of {parcels} ({code}) did not print. It is stored: reprint it (F6) when the printer is ready.</source>
        <translation>Das Label von Paket {parcel} von {parcels} ({code}) wurde nicht gedruckt. Es ist gespeichert: erneut drucken (F6), sobald der Drucker bereit ist.</translation>
    </message>
    <message>
        <source>The printer warned about label {code} (the log has its words): check that the label came out whole and scans before it goes on the parcel.</source>
        <translation>Der Drucker hat zu Label {code} gewarnt (der Wortlaut steht im Protokoll): prüfen, dass das Label vollständig ist und sich scannen lässt, bevor es aufs Paket kommt.</translation>
    </message>
    <message>
        <source>Label {code} was made for a 203-dpi printer, but this one prints {dpi} dpi: it came out at two thirds of its size and may not scan. Set the label format to “zpl300” in the settings.</source>
        <translation>Label {code} ist für einen 203-dpi-Drucker gemacht, dieser druckt {dpi} dpi: Es kam in zwei Dritteln seiner Größe heraus und lässt sich vielleicht nicht scannen. In den Einstellungen das Labelformat „zpl300“ wählen.</translation>
    </message>
    <message>
        <source>Label {code} is {width_mm} mm wide, the labels in the printer {stock_mm} mm: check that its right edge is whole, and the label size in the printer settings.</source>
        <translation>Label {code} ist {width_mm} mm breit, die Labels im Drucker {stock_mm} mm: prüfen, ob sein rechter Rand vollständig ist, und die Labelgröße in den Druckereinstellungen.</translation>
    </message>
    <message>
        <source>Label {code} is {length_mm} mm long, the labels in the printer {stock_mm} mm: it may run onto the next label. Check the label size in the printer settings.</source>
        <translation>Label {code} ist {length_mm} mm lang, die Labels im Drucker {stock_mm} mm: Es kann auf das nächste Label laufen. Die Labelgröße in den Druckereinstellungen prüfen.</translation>
    </message>
    <message>
        <source>Label {code} is {page} mm, the labels in the printer {stock} mm: check that it came out whole and scans, and the label size in the printer settings.</source>
        <translation>Label {code} misst {page} mm, die Labels im Drucker {stock} mm: prüfen, ob es vollständig herauskam und sich scannen lässt, und die Labelgröße in den Druckereinstellungen.</translation>
    </message>
    <message>
        <source>Label {code} ({page} mm) is larger than the labels in the printer: it was printed at {percent} % of its size. Check that its barcode scans, and the label size in the printer settings.</source>
        <translation>Label {code} ({page} mm) ist größer als die Labels im Drucker: Es wurde auf {percent} % verkleinert gedruckt. Prüfen, ob sein Barcode scannt, und die Labelgröße in den Druckereinstellungen.</translation>
    </message>
    <message>
        <source>Label {code} was sent again (the printer could not say whether it had printed it): two copies may have come out. Put only one on the parcel.</source>
        <translation>Label {code} wurde noch einmal gesendet (der Drucker konnte nicht sagen, ob er es gedruckt hatte): Vielleicht kamen zwei Exemplare heraus. Nur eines auf das Paket kleben.</translation>
    </message>
    <message>
        <source>The stored file of label {code} was gone or changed; it was downloaded again.</source>
        <translation>Die gespeicherte Datei von Label {code} fehlte oder war verändert; sie wurde erneut heruntergeladen.</translation>
    </message>
    <message>
        <source>Box {box} weighs {gross_g} on the scale, but its products weigh {net_g}: check the product weights, or whether an item is missing from the box.</source>
        <translation>Karton {box} wiegt auf der Waage {gross_g}, seine Produkte aber {net_g}: die Produktgewichte prüfen, oder ob ein Artikel im Karton fehlt.</translation>
    </message>
    <message>
        <source>Seven Senders has not confirmed the state “{state}” of order {order_id}; the label is bought anyway. The state is sent when Seven Senders answers again.</source>
        <translation>Seven Senders hat den Status „{state}“ von Auftrag {order_id} nicht bestätigt; das Label ist trotzdem gekauft. Der Status wird gesendet, sobald Seven Senders wieder antwortet.</translation>
    </message>
    <message>
        <source>Seven Senders did not take the state “{state}” of order {order_id}; the label is bought anyway. Tell your supervisor (it is in the journal).</source>
        <translation>Seven Senders hat den Status „{state}“ von Auftrag {order_id} nicht angenommen; das Label ist trotzdem gekauft. Der Schichtleitung Bescheid geben (es steht im Journal).</translation>
    </message>
    <message>
        <source>The packing slip of order {order_id} is printed on {printer}.</source>
        <translation>Der Lieferschein von Auftrag {order_id} ist auf {printer} gedruckt.</translation>
    </message>
    <message>
        <source>The packing slip of order {order_id} is filed at {path} (this station has no document printer).</source>
        <translation>Der Lieferschein von Auftrag {order_id} ist unter {path} abgelegt (dieser Platz hat keinen Dokumentendrucker).</translation>
    </message>
    <message>
        <source>The packing slip of order {order_id} did NOT print on {printer}; it is filed at {path}: print it again with Ctrl+P.</source>
        <translation>Der Lieferschein von Auftrag {order_id} wurde auf {printer} NICHT gedruckt; er ist unter {path} abgelegt: mit Strg+P erneut drucken.</translation>
    </message>
    <message>
        <source>The packing slip of order {order_id} could not be made.</source>
        <translation>Der Lieferschein von Auftrag {order_id} konnte nicht erstellt werden.</translation>
    </message>
    <message>
        <source>Order {order_id} needs a customs declaration: {departure} → {territory} ({destination}).</source>
        <translation>Auftrag {order_id} braucht eine Zollerklärung: {departure} → {territory} ({destination}).</translation>
    </message>
    <message>
        <source>Order {order_id} needs customs data; nothing is prepared until its label is bought.</source>
        <translation>Auftrag {order_id} braucht Zolldaten; vorbereitet wird erst, wenn sein Label gekauft ist.</translation>
    </message>
    <message>
        <source>Order {order_id} needs customs data for {country} ({parcels} parcel(s)); this station does not file it.</source>
        <translation>Auftrag {order_id} braucht Zolldaten für {country} ({parcels} Paket(e)); dieser Platz übermittelt sie nicht.</translation>
    </message>
    <message>
        <source>The customs data of parcel {parcel} of {parcels} (order {order_id}) is incomplete; nothing was sent: complete it in the customs dialog.</source>
        <translation>Die Zolldaten von Paket {parcel} von {parcels} (Auftrag {order_id}) sind unvollständig; nichts wurde gesendet: im Zolldialog vervollständigen.</translation>
    </message>
    <message>
        <source>The customs data of parcel {parcel} of {parcels} (order {order_id}) is ready: confirm it in the customs dialog.</source>
        <translation>Die Zolldaten von Paket {parcel} von {parcels} (Auftrag {order_id}) sind fertig: im Zolldialog bestätigen.</translation>
    </message>
    <message>
        <source>Seven Senders refused the customs data. Its answer, not translated: “{said}”</source>
        <translation>Seven Senders hat die Zolldaten abgelehnt. Seine Antwort, nicht übersetzt: „{said}“</translation>
    </message>
    <message>
        <source>Seven Senders refused the customs data without saying why: check the marked fields, or ask your Seven Senders contact.</source>
        <translation>Seven Senders hat die Zolldaten ohne Begründung abgelehnt: die markierten Felder prüfen oder den Ansprechpartner bei Seven Senders fragen.</translation>
    </message>
    <message>
        <source>Seven Senders has no record of shipment {shipment}, so it took no customs data for it.</source>
        <translation>Seven Senders kennt die Sendung {shipment} nicht und hat deshalb keine Zolldaten dafür angenommen.</translation>
    </message>
    <message>
        <source>Seven Senders had it already (sent by an earlier attempt): counted as done.</source>
        <translation>Seven Senders hatte sie schon (von einem früheren Versuch gesendet): gilt als erledigt.</translation>
    </message>
    <message>
        <source>Withdrawn. The reason given: “{reason}”</source>
        <translation>Zurückgezogen. Angegebener Grund: „{reason}“</translation>
    </message>
    <message>
        <source>In manifest {manifest_id}, posted at {bench} by {by} at {at}.</source>
        <translation>Im Manifest {manifest_id}, um {at} an {bench} von {by} übermittelt.</translation>
    </message>
    <message>
        <source>The commercial invoice of parcel {parcel} of {parcels} (order {order_id}) is filed at {path} (no document printer).</source>
        <translation>Die Handelsrechnung von Paket {parcel} von {parcels} (Auftrag {order_id}) ist unter {path} abgelegt (kein Dokumentendrucker).</translation>
    </message>
    <message>
        <source>The commercial invoice of parcel {parcel} of {parcels} (order {order_id}) is printed on {printer}.</source>
        <translation>Die Handelsrechnung von Paket {parcel} von {parcels} (Auftrag {order_id}) ist auf {printer} gedruckt.</translation>
    </message>
    <message>
        <source>The commercial invoice of parcel {parcel} of {parcels} (order {order_id}) did NOT print on {printer}; it is filed at {path}.</source>
        <translation>Die Handelsrechnung von Paket {parcel} von {parcels} (Auftrag {order_id}) wurde auf {printer} NICHT gedruckt; sie ist unter {path} abgelegt.</translation>
    </message>
    <message>
        <source>No commercial invoice for parcel {parcel} of {parcels} (order {order_id}): its recipient is not known at this station.</source>
        <translation>Keine Handelsrechnung für Paket {parcel} von {parcels} (Auftrag {order_id}): Der Empfänger ist an diesem Platz nicht bekannt.</translation>
    </message>
    <message>
        <source>The scan was empty: scan the order barcode or the label.</source>
        <translation>Der Scan war leer: den Auftragsbarcode oder das Label scannen.</translation>
    </message>
    <message>
        <source>{code} is neither an order nor the label of one known here or at Seven Senders. Scan the order barcode or the return label.</source>
        <translation>{code} ist weder ein Auftrag noch das Label eines Auftrags, der hier oder bei Seven Senders bekannt ist. Den Auftragsbarcode oder das Retourenlabel scannen.</translation>
    </message>
    <message>
        <source>Order {order_id} found.</source>
        <translation>Auftrag {order_id} gefunden.</translation>
    </message>
    <message>
        <source>Seven Senders could not be asked about {code}.</source>
        <translation>Seven Senders konnte zu {code} nicht gefragt werden.</translation>
    </message>
    <message>
        <source>Seven Senders could not be asked about order {order_id}: marks are kept and sent when it answers.</source>
        <translation>Seven Senders konnte zu Auftrag {order_id} nicht gefragt werden: Markierungen werden gespeichert und gesendet, sobald es antwortet.</translation>
    </message>
    <message>
        <source>The items of order {order_id} are not known here: the whole order can still be marked.</source>
        <translation>Die Artikel von Auftrag {order_id} sind hier nicht bekannt: Der ganze Auftrag kann trotzdem markiert werden.</translation>
    </message>
    <message>
        <source>{point} is temporarily closed from {start_day} until {end_day}.</source>
        <translation>{point} ist vom {start_day} bis {end_day} vorübergehend geschlossen.</translation>
    </message>
    <message>
        <source>Soon: {point} is temporarily closed from {start_day} until {end_day}.</source>
        <translation>Demnächst: {point} ist vom {start_day} bis {end_day} vorübergehend geschlossen.</translation>
    </message>
    <message>
        <source>{point} lists no opening hours at all.</source>
        <translation>{point} nennt überhaupt keine Öffnungszeiten.</translation>
    </message>
    <message>
        <source>The chosen point is a {point_carrier} point, but the order ships with {carrier}: choose another point.</source>
        <translation>Die gewählte Abholstelle gehört zu {point_carrier}, der Auftrag geht aber mit {carrier}: eine andere Abholstelle wählen.</translation>
    </message>
    <message>
        <source>Seven Senders could not be asked about pick-up point {point}: the label carries its id.</source>
        <translation>Seven Senders konnte zur Abholstelle {point} nicht gefragt werden: Das Label trägt seine Kennung.</translation>
    </message>
    <message>
        <source>Seven Senders did not describe pick-up point {point} near the recipient; the label carries its id only.</source>
        <translation>Seven Senders hat die Abholstelle {point} beim Empfänger nicht beschrieben; das Label trägt nur seine Kennung.</translation>
    </message>
    <message>
        <source>{count} {carriers} pick-up point(s) found ({where}).</source>
        <translation>{count} {carriers}-Abholstelle(n) gefunden ({where}).</translation>
    </message>
    <message>
        <source>No {carriers} pick-up points near {where}: widen the distance, ask for fewer opening days, or try another carrier.</source>
        <translation>Keine {carriers}-Abholstellen bei {where}: die Entfernung vergrößern, weniger Öffnungstage verlangen oder einen anderen Paketdienst versuchen.</translation>
    </message>
    <message>
        <source>{carriers} has no pick-up points in {country}.</source>
        <translation>{carriers} hat keine Abholstellen in {country}.</translation>
    </message>
    <message>
        <source>Seven Senders does not know the postcode {zip} in {country}. Check the postcode and the country.</source>
        <translation>Seven Senders kennt die Postleitzahl {zip} in {country} nicht. Postleitzahl und Land prüfen.</translation>
    </message>
    <message>
        <source>Give a postcode or a position to search near.</source>
        <translation>Eine Postleitzahl oder eine Position angeben, in deren Nähe gesucht wird.</translation>
    </message>
    <message>
        <source>Seven Senders does not know the carrier {carrier}.</source>
        <translation>Seven Senders kennt den Paketdienst {carrier} nicht.</translation>
    </message>
    <message>
        <source>{carrier} does not offer a list of all its points: search near an address or a position instead.</source>
        <translation>{carrier} bietet keine Liste aller seiner Abholstellen: stattdessen bei einer Adresse oder Position suchen.</translation>
    </message>
    <message>
        <source>Seven Senders does not accept the country {country}.</source>
        <translation>Seven Senders akzeptiert das Land {country} nicht.</translation>
    </message>
    <message>
        <source>Seven Senders refused the search.</source>
        <translation>Seven Senders hat die Suche abgelehnt.</translation>
    </message>
    <message>
        <source>{sku}: the size of image {image} cannot be read.</source>
        <translation>{sku}: Die Größe von Bild {image} kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>{sku}: image {image} is {width}×{height} px, smaller than the recommended 800×800.</source>
        <translation>{sku}: Bild {image} hat {width}×{height} px, kleiner als die empfohlenen 800×800.</translation>
    </message>
    <message>
        <source>{sku}: image {image} is {width}×{height} px, not square.</source>
        <translation>{sku}: Bild {image} hat {width}×{height} px und ist nicht quadratisch.</translation>
    </message>
    <message>
        <source>{sku} existed at Seven Senders already: it was updated and is now kept in step with the export by this station.</source>
        <translation>{sku} gab es bei Seven Senders schon: Es wurde aktualisiert und wird von diesem Platz nun mit dem Export abgeglichen.</translation>
    </message>
    <message>
        <source>{count} product(s) synced before are missing from the export but were not deleted, because {rows} row(s) of the export could not be read. Fix the export and sync again.</source>
        <translation>{count} früher abgeglichene(s) Produkt(e) fehlen im Export, wurden aber nicht gelöscht, weil {rows} Zeile(n) des Exports nicht gelesen werden konnten. Den Export korrigieren und erneut abgleichen.</translation>
    </message>
    <message>
        <source>{count} product(s) synced before are missing from the export but were not deleted, because the export holds no product. Fix the export and sync again.</source>
        <translation>{count} früher abgeglichene(s) Produkt(e) fehlen im Export, wurden aber nicht gelöscht, weil der Export kein Produkt enthält. Den Export korrigieren und erneut abgleichen.</translation>
    </message>
    <message>
        <source>The column {column} of this row cannot be used as it is.</source>
        <translation>Die Spalte {column} dieser Zeile kann so nicht verwendet werden.</translation>
    </message>
    <message>
        <source>The SKU is in the export more than once ({places}): keep one row.</source>
        <translation>Die SKU steht mehrmals im Export ({places}): nur eine Zeile behalten.</translation>
    </message>
    <message>
        <source>This part of the export cannot be read (`packstation catalog` on the command line says why).</source>
        <translation>Dieser Teil des Exports kann nicht gelesen werden (`packstation catalog` in der Befehlszeile sagt, warum).</translation>
    </message>
    <message>
        <source>Image {image}: no images folder was given.</source>
        <translation>Bild {image}: Es wurde kein Bilderordner angegeben.</translation>
    </message>
    <message>
        <source>Image {image}:</source>
        <translation>Bild {image}:</translation>
    </message>
    <message>
        <source>Image {image} cannot be read from the images folder.</source>
        <translation>Bild {image} kann aus dem Bilderordner nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The product was not sent.</source>
        <translation>Das Produkt wurde nicht gesendet.</translation>
    </message>
    <message>
        <source>The product&apos;s image was not sent.</source>
        <translation>Das Bild des Produkts wurde nicht gesendet.</translation>
    </message>
    <message>
        <source>The product was not deleted.</source>
        <translation>Das Produkt wurde nicht gelöscht.</translation>
    </message>
    <message>
        <source>The product was not synced.</source>
        <translation>Das Produkt wurde nicht abgeglichen.</translation>
    </message>
    <message>
        <source>Manifest {manifest_id} from an earlier attempt is posted.</source>
        <translation>Manifest {manifest_id} aus einem früheren Versuch ist gesendet.</translation>
    </message>
    <message>
        <source>{count} customs shipment(s) of this pick-up are not accepted by Seven Senders yet and are not in this manifest: {shipments}.</source>
        <translation>{count} Zollsendung(en) dieser Abholung sind von Seven Senders noch nicht angenommen und nicht in diesem Manifest: {shipments}.</translation>
    </message>
    <message>
        <source>The warehouse store does not answer: only this bench&apos;s customs shipments are listed, and a manifest posted now holds only them (the other benches&apos; go into a later one).</source>
        <translation>Der Lagerspeicher antwortet nicht: Nur die Zollsendungen dieses Packplatzes sind aufgeführt, und ein jetzt gesendetes Manifest enthält nur sie (die der anderen Packplätze kommen in ein späteres).</translation>
    </message>
    <message>
        <source>Seven Senders could not be asked just now: the list is not checked against it.</source>
        <translation>Seven Senders konnte gerade nicht gefragt werden: Die Liste ist nicht damit abgeglichen.</translation>
    </message>
    <message>
        <source>Order {order_id} parcel {parcel}: no planned pick-up.</source>
        <translation>Auftrag {order_id} Paket {parcel}: keine geplante Abholung.</translation>
    </message>
    <message>
        <source>Order {order_id} parcel {parcel} (shipment {shipment}): Seven Senders has no customs shipment for it any more; it is left out of the manifest (send it again in the customs dialog).</source>
        <translation>Auftrag {order_id} Paket {parcel} (Sendung {shipment}): Seven Senders hat keine Zollsendung mehr dafür; es bleibt aus dem Manifest (im Zolldialog erneut senden).</translation>
    </message>
    <message>
        <source>Order {order_id} parcel {parcel} of {bench}: Seven Senders has no customs shipment for it; it is left out (that bench sends it again).</source>
        <translation>Auftrag {order_id} Paket {parcel} von {bench}: Seven Senders hat keine Zollsendung dafür; es bleibt draußen (jener Packplatz sendet es erneut).</translation>
    </message>
    <message>
        <source>Order {order_id} parcel {parcel} is already in manifest {manifest_id}.</source>
        <translation>Auftrag {order_id} Paket {parcel} ist schon in Manifest {manifest_id}.</translation>
    </message>
</context>
<context>
    <name>ServiceWords</name>
    <message>
        <source>Another bench is using this manifest id. Nothing was posted; try again in a moment.</source>
        <translation>Ein anderer Packplatz verwendet diese Manifest-ID. Nichts wurde gesendet; gleich noch einmal versuchen.</translation>
    </message>
    <message>
        <source>Manifest {0} with this pick-up&apos;s customs shipments was posted at {1} by {2} at {3}. Nothing was posted here.</source>
        <translation>Manifest {0} mit den Zollsendungen dieser Abholung wurde an {1} von {2} um {3} gesendet. Hier wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>The manifest of this pick-up ({0}) is being posted at {1} by {2} since {3}. Nothing was posted here: every bench&apos;s customs shipments go into that one manifest.</source>
        <translation>Das Manifest dieser Abholung ({0}) wird gerade an {1} von {2} gesendet (seit {3}). Hier wurde nichts gesendet: die Zollsendungen aller Packplätze kommen in dieses eine Manifest.</translation>
    </message>
    <message>
        <source>in a minute</source>
        <translation>in einer Minute</translation>
    </message>
    <message>
        <source>the data</source>
        <translation>die Daten</translation>
    </message>
    <message>
        <source>the printer</source>
        <translation>Der Drucker</translation>
    </message>
    <message>
        <source>a request</source>
        <translation>eine Anfrage</translation>
    </message>
    <message>
        <source>Seven Senders could not do it ({0}). Try again; if it keeps happening, tell your supervisor.</source>
        <extracomment>exception class → words (the nearest class of an exception&apos;s MRO wins)</extracomment>
        <translation>Seven Senders konnte es nicht ausführen ({0}). Erneut versuchen; wenn es wieder passiert, der Schichtleitung Bescheid geben.</translation>
    </message>
    <message>
        <source>Seven Senders refused the access key ({0}). Check the key in the settings, or ask your supervisor.</source>
        <translation>Seven Senders hat den Zugangsschlüssel abgelehnt ({0}). Den Schlüssel in den Einstellungen prüfen oder die Schichtleitung fragen.</translation>
    </message>
    <message>
        <source>Seven Senders refused the data ({0}); check: {1}. Nothing was changed.</source>
        <translation>Seven Senders hat die Daten abgelehnt ({0}); prüfen: {1}. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Seven Senders already has it ({0}): the station looks it up instead of creating it again.</source>
        <translation>Seven Senders hat es schon ({0}): Der Packplatz schlägt es nach, statt es noch einmal anzulegen.</translation>
    </message>
    <message>
        <source>Seven Senders does not know it ({0}).</source>
        <translation>Seven Senders kennt es nicht ({0}).</translation>
    </message>
    <message>
        <source>Seven Senders asks the station to slow down ({0}). It takes requests again {1}.</source>
        <translation>Seven Senders bittet um weniger Anfragen ({0}). Anfragen gehen wieder {1}.</translation>
    </message>
    <message>
        <source>Seven Senders cannot be reached ({0}); nothing was changed there. Check the network connection and try again.</source>
        <translation>Seven Senders ist nicht erreichbar ({0}); dort wurde nichts geändert. Netzwerkverbindung prüfen und erneut versuchen.</translation>
    </message>
    <message>
        <source>No answer from Seven Senders ({0}): it may or may not have been done. The station looks it up before trying again.</source>
        <translation>Keine Antwort von Seven Senders ({0}): Es ist vielleicht geschehen, vielleicht nicht. Der Packplatz schlägt es nach, bevor er es erneut versucht.</translation>
    </message>
    <message>
        <source>Seven Senders answered ({0}), but the station cannot read the answer. Try again; if it keeps happening, tell your supervisor.</source>
        <translation>Seven Senders hat geantwortet ({0}), aber der Packplatz kann die Antwort nicht lesen. Erneut versuchen; wenn es wieder passiert, der Schichtleitung Bescheid geben.</translation>
    </message>
    <message>
        <source>Seven Senders&apos; answer arrived damaged ({0}): its compression is broken, so the station could not use it. Try again; if it keeps happening, tell your supervisor.</source>
        <translation>Die Antwort von Seven Senders kam beschädigt an ({0}): ihre Komprimierung ist kaputt, der Packplatz konnte sie nicht verwenden. Erneut versuchen; wenn es wieder passiert, der Schichtleitung Bescheid geben.</translation>
    </message>
    <message>
        <source>{0} did not take the label. Check it, then press F5 to print.</source>
        <translation>{0} hat das Label nicht angenommen. Prüfen, dann mit F5 drucken.</translation>
    </message>
    <message>
        <source>The printer is not ready: {0}. Fix it, then press F5 to print.</source>
        <translation>Der Drucker ist nicht bereit: {0}. Beheben, dann mit F5 drucken.</translation>
    </message>
    <message>
        <source>The printer cannot print this label as it is (its language or size does not fit the printer). Check the label format in the settings.</source>
        <translation>Der Drucker kann dieses Label so nicht drucken (Sprache oder Größe passen nicht zum Drucker). Das Labelformat in den Einstellungen prüfen.</translation>
    </message>
    <message>
        <source>Sending to the printer broke off: part of the label may have printed. Check the printer, then press F5.</source>
        <translation>Das Senden an den Drucker brach ab: Ein Teil des Labels ist vielleicht gedruckt. Drucker prüfen, dann F5 drücken.</translation>
    </message>
    <message>
        <source>The printer&apos;s status answer cannot be read.</source>
        <translation>Die Statusantwort des Druckers ist nicht lesbar.</translation>
    </message>
    <message>
        <source>That print job is gone: it was decided meanwhile.</source>
        <translation>Dieser Druckauftrag ist nicht mehr da: Er wurde inzwischen erledigt.</translation>
    </message>
    <message>
        <source>That print job is being sent or has printed: it cannot change now.</source>
        <translation>Dieser Druckauftrag wird gerade gesendet oder ist gedruckt: Er kann jetzt nicht geändert werden.</translation>
    </message>
    <message>
        <source>The station refused it; nothing changed.</source>
        <translation>Der Packplatz hat es abgelehnt; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>The order cannot go on right now. It stays open: scan it again or press F2 later.</source>
        <translation>Der Auftrag kann gerade nicht weiter. Er bleibt offen: später erneut scannen oder F2 drücken.</translation>
    </message>
    <message>
        <source>A stored label file is gone or has changed: reprint it (F6).</source>
        <translation>Eine gespeicherte Labeldatei fehlt oder wurde verändert: neu drucken (F6).</translation>
    </message>
    <message>
        <source>Seven Senders could not tell whether the label exists ({0}): nothing is bought until it answers. Try again in a moment.</source>
        <translation>Seven Senders konnte nicht sagen, ob das Label existiert ({0}): Bis es antwortet, wird nichts gekauft. Gleich noch einmal versuchen.</translation>
    </message>
    <message>
        <source>The order is not finished: its packing slip is made when it is (the boxes may still change).</source>
        <translation>Der Auftrag ist nicht fertig: Sein Packzettel entsteht, wenn er es ist (die Kartons können sich noch ändern).</translation>
    </message>
    <message>
        <source>Seven Senders did not confirm that the label is gone: it is NOT void. Try again.</source>
        <translation>Seven Senders hat nicht bestätigt, dass das Label weg ist: Es ist NICHT storniert. Erneut versuchen.</translation>
    </message>
    <message>
        <source>{0} needs a supervisor: {1}.</source>
        <translation>{0} braucht eine Aufsicht: {1}.</translation>
    </message>
    <message>
        <source>The merchant&apos;s order data cannot be read ({0}).</source>
        <translation>Die Auftragsdaten des Händlers sind nicht lesbar ({0}).</translation>
    </message>
    <message>
        <source>The merchant&apos;s orders have no such order.</source>
        <translation>Die Aufträge des Händlers enthalten diesen Auftrag nicht.</translation>
    </message>
    <message>
        <source>The warehouse store cannot be reached; this bench goes on alone.</source>
        <translation>Der Lagerspeicher ist nicht erreichbar; dieser Packplatz arbeitet allein weiter.</translation>
    </message>
    <message>
        <source>The manifest was not sent.</source>
        <translation>Das Manifest wurde nicht gesendet.</translation>
    </message>
    <message>
        <source>This Seven Senders account sends no customs manifests (a Flex account).</source>
        <translation>Dieses Seven-Senders-Konto sendet keine Zollmanifeste (ein Flex-Konto).</translation>
    </message>
    <message>
        <source>This manifest id was used before: take another one.</source>
        <translation>Diese Manifest-ID wurde schon benutzt: eine andere nehmen.</translation>
    </message>
    <message>
        <source>No customs shipment of this pick-up is waiting for a manifest.</source>
        <translation>Keine Zollsendung dieser Abholung wartet auf ein Manifest.</translation>
    </message>
    <message>
        <source>Seven Senders refused the manifest; nothing was created there.</source>
        <translation>Seven Senders hat das Manifest abgelehnt; dort wurde nichts angelegt.</translation>
    </message>
    <message>
        <source>No clear answer for the manifest: it may have been created. The next attempt looks it up first.</source>
        <translation>Keine klare Antwort zum Manifest: Es wurde vielleicht angelegt. Der nächste Versuch schlägt es zuerst nach.</translation>
    </message>
    <message>
        <source>The search cannot be sent as asked: give a carrier and a position, or a zip code.</source>
        <translation>Die Suche kann so nicht gesendet werden: einen Paketdienst und einen Ort oder eine Postleitzahl angeben.</translation>
    </message>
    <message>
        <source>The return cannot be marked as asked: check the line, the units and the reason.</source>
        <translation>Die Rücksendung kann so nicht erfasst werden: Position, Stückzahl und Grund prüfen.</translation>
    </message>
    <message>
        <source>That file cannot be a product image: PNG or JPEG, not too large.</source>
        <translation>Diese Datei kann kein Produktbild sein: PNG oder JPEG, nicht zu groß.</translation>
    </message>
    <message>
        <source>The station cannot do it as asked.</source>
        <translation>Der Packplatz kann es so nicht ausführen.</translation>
    </message>
    <message>
        <source>The station cannot find what was asked for.</source>
        <translation>Der Packplatz findet das Gesuchte nicht.</translation>
    </message>
    <message>
        <source>The computer refused a file or network step ({0}). Try again.</source>
        <translation>Der Computer hat einen Datei- oder Netzwerkschritt abgelehnt ({0}). Erneut versuchen.</translation>
    </message>
    <message>
        <source>Something went wrong; the log has the details. Tell your supervisor if it happens again.</source>
        <translation>Etwas ist schiefgegangen; das Protokoll enthält die Einzelheiten. Der Schichtleitung Bescheid geben, wenn es wieder passiert.</translation>
    </message>
    <message>
        <source>No order is being packed: scan an order first.</source>
        <extracomment>exceptions of the services that never reach the screen, and why ``Refusal.kind`` → words; ``{name}`` is the refusal&apos;s fact of that name</extracomment>
        <translation>Es wird kein Auftrag gepackt: zuerst einen Auftrag scannen.</translation>
    </message>
    <message>
        <source>No order is on the bench: scan an order first.</source>
        <translation>Kein Auftrag liegt am Packplatz: zuerst einen Auftrag scannen.</translation>
    </message>
    <message>
        <source>A reason is needed: choose or type one.</source>
        <translation>Ein Grund ist nötig: einen wählen oder eingeben.</translation>
    </message>
    <message>
        <source>This station requires every item to be scanned.</source>
        <translation>An diesem Packplatz muss jeder Artikel gescannt werden.</translation>
    </message>
    <message>
        <source>An order has 1 to {most} parcels.</source>
        <translation>Ein Auftrag hat 1 bis {most} Pakete.</translation>
    </message>
    <message>
        <source>{weights} weights were given for {count} parcels: give one per parcel.</source>
        <translation>{weights} Gewichte für {count} Pakete angegeben: eines je Paket angeben.</translation>
    </message>
    <message>
        <source>Parcel {parcel} must weigh more than 0 g.</source>
        <translation>Paket {parcel} muss mehr als 0 g wiegen.</translation>
    </message>
    <message>
        <source>Parcel {parcel} would weigh {grams} g; a parcel may weigh at most {most} g.</source>
        <translation>Paket {parcel} würde {grams} g wiegen; ein Paket darf höchstens {most} g wiegen.</translation>
    </message>
    <message>
        <source>{grams} g cannot be split into {count} parcels: weigh each parcel.</source>
        <translation>{grams} g lassen sich nicht auf {count} Pakete aufteilen: jedes Paket wiegen.</translation>
    </message>
    <message>
        <source>Order {order_id} is packed in {boxes} boxes, and the boxes are its parcels: open a box or move units between boxes instead of giving {count} parcels.</source>
        <translation>Auftrag {order_id} ist in {boxes} Kartons gepackt, und die Kartons sind seine Pakete: einen Karton öffnen oder Stücke zwischen Kartons verschieben, statt {count} Pakete anzugeben.</translation>
    </message>
    <message>
        <source>Box {box} is still empty: put its items in before opening the next box.</source>
        <translation>Karton {box} ist noch leer: erst seine Artikel hineinlegen, dann den nächsten Karton öffnen.</translation>
    </message>
    <message>
        <source>An order may have at most {most} boxes.</source>
        <translation>Ein Auftrag darf höchstens {most} Kartons haben.</translation>
    </message>
    <message>
        <source>There is no box {box}.</source>
        <translation>Es gibt keinen Karton {box}.</translation>
    </message>
    <message>
        <source>Box {box} has not been weighed: put it on the scale.</source>
        <translation>Karton {box} ist nicht gewogen: auf die Waage stellen.</translation>
    </message>
    <message>
        <source>This station has no scale (see the settings).</source>
        <translation>Dieser Packplatz hat keine Waage (siehe Einstellungen).</translation>
    </message>
    <message>
        <source>No label {code} was bought at this station.</source>
        <translation>An diesem Platz wurde kein Label {code} gekauft.</translation>
    </message>
    <message>
        <source>{code} was printed outside the station: void it without a replacement and scan the new label&apos;s tracking code.</source>
        <translation>{code} wurde außerhalb des Packplatzes gedruckt: ohne Ersatz stornieren und die Sendungsnummer des neuen Labels scannen.</translation>
    </message>
    <message>
        <source>The station&apos;s journal does not hold what label {code} needs.</source>
        <translation>Das Journal des Packplatzes enthält nicht, was Label {code} braucht.</translation>
    </message>
    <message>
        <source>Order {order_id} has labels (or a label purchase in doubt): finish it (F2), or void its labels first.</source>
        <translation>Auftrag {order_id} hat Labels (oder einen unklaren Labelkauf): abschließen (F2) oder zuerst seine Labels stornieren.</translation>
    </message>
    <message>
        <source>That unfinished order is no longer in the journal.</source>
        <translation>Dieser unfertige Auftrag ist nicht mehr im Journal.</translation>
    </message>
    <message>
        <source>Order {order_id} has not been packed at this station.</source>
        <translation>Auftrag {order_id} wurde nicht an diesem Packplatz gepackt.</translation>
    </message>
    <message>
        <source>{missing} item(s) of order {order_id} are not scanned yet: {lines}.</source>
        <translation>{missing} Artikel von Auftrag {order_id} sind noch nicht gescannt: {lines}.</translation>
    </message>
    <message>
        <source>Order {order_id} needs a customs declaration per parcel: pack it box by box (F4 between boxes) instead of giving only a number of parcels.</source>
        <translation>Auftrag {order_id} braucht eine Zollerklärung je Paket: Karton für Karton packen (F4 zwischen den Kartons), statt nur eine Paketanzahl anzugeben.</translation>
    </message>
    <message>
        <source>The boxes do not hold order {order_id} exactly: a unit is missing or extra, or a box is empty. Move units between boxes (Ctrl+M) until every unit is in one box.</source>
        <translation>Die Kartons enthalten Auftrag {order_id} nicht genau: ein Stück fehlt oder ist zu viel, oder ein Karton ist leer. Stücke zwischen Kartons verschieben (Strg+M), bis jedes Stück in einem Karton ist.</translation>
    </message>
    <message>
        <source>Box {box} is empty: put something in it (Ctrl+M moves units between boxes).</source>
        <translation>Karton {box} ist leer: etwas hineinlegen (Strg+M verschiebt Stücke zwischen Kartons).</translation>
    </message>
    <message>
        <source>Box {box} weighs {gross_g} on the scale, but its products weigh {net_g}: a customs declaration cannot state more. Weigh the box again, or check the product weights.</source>
        <translation>Karton {box} wiegt auf der Waage {gross_g}, seine Produkte aber {net_g}: eine Zollerklärung darf nicht mehr angeben. Den Karton neu wiegen oder die Produktgewichte prüfen.</translation>
    </message>
    <message>
        <source>Box {box} of order {order_id} is not weighed yet: this station checks every box. Put it on the scale.</source>
        <translation>Karton {box} von Auftrag {order_id} ist noch nicht gewogen: dieser Platz prüft jeden Karton. Auf die Waage stellen.</translation>
    </message>
    <message>
        <source>Box {box} does not weigh what its contents should: confirm it as it is, or open it and weigh it again.</source>
        <translation>Karton {box} wiegt nicht, was sein Inhalt wiegen sollte: so bestätigen, oder öffnen und neu wiegen.</translation>
    </message>
    <message>
        <source>The labels of order {order_id} are bought from Seven Senders (its packing started that way): finish it with F2, without scanning carrier labels.</source>
        <translation>Die Labels von Auftrag {order_id} werden bei Seven Senders gekauft (so wurde er begonnen): mit F2 abschließen, ohne Versandlabels zu scannen.</translation>
    </message>
    <message>
        <source>Order {order_id} ships with labels printed elsewhere: scan the tracking barcode of each carrier label ({need} needed, {given} scanned).</source>
        <translation>Auftrag {order_id} geht mit anderswo gedruckten Labels: den Sendungsnummer-Barcode jedes Versandlabels scannen ({need} nötig, {given} gescannt).</translation>
    </message>
    <message>
        <source>The tracking code {code} was scanned twice: every parcel has its own.</source>
        <translation>Die Sendungsnummer {code} wurde zweimal gescannt: jedes Paket hat seine eigene.</translation>
    </message>
    <message>
        <source>The tracking code {code} is already used for order {order_id} (parcel {parcel}): scan the label of this parcel.</source>
        <translation>Die Sendungsnummer {code} gehört schon zu Auftrag {order_id} (Paket {parcel}): das Label dieses Pakets scannen.</translation>
    </message>
    <message>
        <source>The tracking code {code} is already registered at Seven Senders (order {order_id}): scan the label of this parcel.</source>
        <translation>Die Sendungsnummer {code} ist bei Seven Senders schon angemeldet (Auftrag {order_id}): das Label dieses Pakets scannen.</translation>
    </message>
    <message>
        <source>This station makes no packing slips (see the settings).</source>
        <translation>Dieser Platz erstellt keine Lieferscheine (siehe Einstellungen).</translation>
    </message>
    <message>
        <source>The packing slip needs the merchant&apos;s name: set it in the settings.</source>
        <translation>Der Lieferschein braucht den Namen des Händlers: in den Einstellungen eintragen.</translation>
    </message>
    <message>
        <source>Count at least one piece (pallet, cage or box).</source>
        <translation>Mindestens ein Packstück zählen (Palette, Gitterbox oder Karton).</translation>
    </message>
    <message>
        <source>A manifest cannot be changed once sent: confirm that it is final first.</source>
        <translation>Ein gesendetes Manifest lässt sich nicht mehr ändern: zuerst bestätigen, dass es endgültig ist.</translation>
    </message>
    <message>
        <source>“{manifest_id}” cannot be a manifest id: at most 64 printable characters, no spaces, no &apos;/&apos;.</source>
        <translation>„{manifest_id}“ kann keine Manifest-ID sein: höchstens 64 druckbare Zeichen, keine Leerzeichen, kein &apos;/&apos;.</translation>
    </message>
    <message>
        <source>{day} has several pick-ups ({times}): choose one by its time.</source>
        <translation>Am {day} gibt es mehrere Abholungen ({times}): eine über ihre Uhrzeit wählen.</translation>
    </message>
    <message>
        <source>The scale does not answer: check its cable and power.</source>
        <extracomment>``ScaleError.problem`` → words</extracomment>
        <translation>Die Waage antwortet nicht: Kabel und Strom prüfen.</translation>
    </message>
    <message>
        <source>The weight did not settle: keep the parcel still on the scale.</source>
        <translation>Das Gewicht hat sich nicht beruhigt: das Paket ruhig auf der Waage lassen.</translation>
    </message>
    <message>
        <source>Too heavy for the scale: take something off.</source>
        <translation>Zu schwer für die Waage: etwas herunternehmen.</translation>
    </message>
    <message>
        <source>The scale reads below zero: empty it and zero it.</source>
        <translation>Die Waage zeigt unter null: leeren und auf null stellen.</translation>
    </message>
    <message>
        <source>The scale is not ready: it may need zeroing.</source>
        <translation>Die Waage ist nicht bereit: Sie muss vielleicht auf null gestellt werden.</translation>
    </message>
    <message>
        <source>The scale refused the command.</source>
        <translation>Die Waage hat den Befehl abgelehnt.</translation>
    </message>
    <message>
        <source>The scale&apos;s answer cannot be read: check its settings.</source>
        <translation>Die Antwort der Waage ist nicht lesbar: ihre Einstellungen prüfen.</translation>
    </message>
    <message>
        <source>This scale cannot do that over its cable.</source>
        <translation>Diese Waage kann das über ihr Kabel nicht.</translation>
    </message>
    <message>
        <source>Choose an order and a pick-up point first.</source>
        <extracomment>``PudoChoiceRefused.reason`` → words</extracomment>
        <translation>Zuerst einen Auftrag und eine Abholstelle wählen.</translation>
    </message>
    <message>
        <source>The order ships with another carrier than this point&apos;s.</source>
        <translation>Der Auftrag geht mit einem anderen Paketdienst als dem dieser Abholstelle.</translation>
    </message>
    <message>
        <source>Seven Senders knows no such pick-up point.</source>
        <translation>Seven Senders kennt diese Abholstelle nicht.</translation>
    </message>
    <message>
        <source>signing in</source>
        <extracomment>``ShippingApiError.operation`` (the name of the 7S call) → what the station was doing</extracomment>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>loading the carriers</source>
        <translation>Paketdienste laden</translation>
    </message>
    <message>
        <source>creating the order</source>
        <translation>Auftrag anlegen</translation>
    </message>
    <message>
        <source>looking up orders</source>
        <translation>Aufträge nachschlagen</translation>
    </message>
    <message>
        <source>looking up the order</source>
        <translation>Auftrag nachschlagen</translation>
    </message>
    <message>
        <source>loading the order</source>
        <translation>Auftrag laden</translation>
    </message>
    <message>
        <source>updating the order</source>
        <translation>Auftrag ändern</translation>
    </message>
    <message>
        <source>deleting the order</source>
        <translation>Auftrag löschen</translation>
    </message>
    <message>
        <source>setting the order state</source>
        <translation>Auftragsstatus setzen</translation>
    </message>
    <message>
        <source>registering the order item</source>
        <translation>Auftragsposition anlegen</translation>
    </message>
    <message>
        <source>loading the order items</source>
        <translation>Auftragspositionen laden</translation>
    </message>
    <message>
        <source>linking the order item</source>
        <translation>Auftragsposition zuordnen</translation>
    </message>
    <message>
        <source>registering the parcel</source>
        <translation>Paket anmelden</translation>
    </message>
    <message>
        <source>loading the parcel</source>
        <translation>Paket laden</translation>
    </message>
    <message>
        <source>looking up parcels</source>
        <translation>Pakete nachschlagen</translation>
    </message>
    <message>
        <source>cancelling the parcel</source>
        <translation>Paket stornieren</translation>
    </message>
    <message>
        <source>buying the label</source>
        <translation>Label kaufen</translation>
    </message>
    <message>
        <source>looking up the label</source>
        <translation>Label nachschlagen</translation>
    </message>
    <message>
        <source>looking up the order&apos;s labels</source>
        <translation>Labels des Auftrags nachschlagen</translation>
    </message>
    <message>
        <source>downloading the label</source>
        <translation>Label herunterladen</translation>
    </message>
    <message>
        <source>cancelling the label</source>
        <translation>Label stornieren</translation>
    </message>
    <message>
        <source>looking the label up</source>
        <translation>Label nachschlagen</translation>
    </message>
    <message>
        <source>sending the customs data</source>
        <translation>Zolldaten senden</translation>
    </message>
    <message>
        <source>looking up customs data</source>
        <translation>Zolldaten nachschlagen</translation>
    </message>
    <message>
        <source>loading the customs data</source>
        <translation>Zolldaten laden</translation>
    </message>
    <message>
        <source>updating the customs data</source>
        <translation>Zolldaten ändern</translation>
    </message>
    <message>
        <source>deleting the customs data</source>
        <translation>Zolldaten löschen</translation>
    </message>
    <message>
        <source>sending the manifest</source>
        <translation>Manifest senden</translation>
    </message>
    <message>
        <source>loading the manifest</source>
        <translation>Manifest laden</translation>
    </message>
    <message>
        <source>searching pick-up points</source>
        <translation>Abholstellen suchen</translation>
    </message>
    <message>
        <source>creating the product</source>
        <translation>Produkt anlegen</translation>
    </message>
    <message>
        <source>loading the product</source>
        <translation>Produkt laden</translation>
    </message>
    <message>
        <source>updating the product</source>
        <translation>Produkt ändern</translation>
    </message>
    <message>
        <source>deleting the product</source>
        <translation>Produkt löschen</translation>
    </message>
    <message>
        <source>uploading the product image</source>
        <translation>Produktbild hochladen</translation>
    </message>
    <message>
        <source>deleting the product image</source>
        <translation>Produktbild löschen</translation>
    </message>
    <message>
        <source>Order {0} is already packed {1}: Seven Senders holds its labels {2}. Nothing was bought here. Reprint them with F6 and a reason.</source>
        <translation>Auftrag {0} ist schon gepackt ({1}): Seven Senders hat seine Labels {2}. Hier wurde nichts gekauft. Nachdruck mit F6 und einem Grund.</translation>
    </message>
    <message>
        <source>at {0}</source>
        <translation>an {0}</translation>
    </message>
    <message>
        <source>at {0} at {1}</source>
        <translation>an {0} um {1}</translation>
    </message>
    <message>
        <source>at another bench</source>
        <translation>an einem anderen Packplatz</translation>
    </message>
    <message>
        <source>(not known)</source>
        <translation>(unbekannt)</translation>
    </message>
    <message>
        <source>Being packed at {0}{1} since {2}. Put it aside; the shift lead can release it, and it is free by itself when that bench stops for longer than the lease.</source>
        <translation>Wird an {0}{1} seit {2} gepackt. Beiseitelegen; die Schichtleitung kann ihn freigeben, und er wird von selbst frei, wenn jener Packplatz länger als die Reservierung ruht.</translation>
    </message>
    <message>
        <source> by {0}</source>
        <translation> von {0}</translation>
    </message>
    <message>
        <source>The label needs what the order does not have: {0}. Fix the merchant&apos;s data first; nothing was bought.</source>
        <translation>Das Label braucht, was dem Auftrag fehlt: {0}. Zuerst die Händlerdaten korrigieren; nichts wurde gekauft.</translation>
    </message>
</context>
<context>
    <name>SettingWords</name>
    <message>
        <source>Environment</source>
        <extracomment>the settings&apos; names as the settings screen shows them (others go by their field name)</extracomment>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Custom API URL</source>
        <translation>Eigene API-URL</translation>
    </message>
    <message>
        <source>7S Flex account</source>
        <translation>7S-Flex-Konto</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>Paketdienst</translation>
    </message>
    <message>
        <source>Label format</source>
        <translation>Labelformat</translation>
    </message>
    <message>
        <source>Order source</source>
        <translation>Auftragsquelle</translation>
    </message>
    <message>
        <source>Print the label after the last item</source>
        <translation>Label nach dem letzten Artikel drucken</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Drucker</translation>
    </message>
    <message>
        <source>Printer language</source>
        <translation>Druckersprache</translation>
    </message>
    <message>
        <source>Resolution (dpi)</source>
        <translation>Auflösung (dpi)</translation>
    </message>
    <message>
        <source>Label width (mm)</source>
        <translation>Etikettenbreite (mm)</translation>
    </message>
    <message>
        <source>Label height (mm)</source>
        <translation>Etikettenhöhe (mm)</translation>
    </message>
    <message>
        <source>Station name</source>
        <translation>Name des Packplatzes</translation>
    </message>
    <message>
        <source>Packer</source>
        <translation>Packer</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Sound volume</source>
        <translation>Lautstärke</translation>
    </message>
    <message>
        <source>Sound off</source>
        <translation>Ton aus</translation>
    </message>
    <message>
        <source>Serial scanner port</source>
        <translation>Anschluss des seriellen Scanners</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Baudrate</translation>
    </message>
    <message>
        <source>en (English) or de (German); empty for the computer&apos;s language</source>
        <extracomment>what a setting with a check of its own allows (said when that check refuses a value)</extracomment>
        <translation>en (Englisch) oder de (Deutsch); leer für die Sprache des Computers</translation>
    </message>
    <message>
        <source>a carrier and its country, e.g. dhl:DE</source>
        <translation>ein Paketdienst mit Land, z. B. dhl:DE</translation>
    </message>
    <message>
        <source>an address starting with https:// or http://</source>
        <translation>eine Adresse, die mit https:// oder http:// beginnt</translation>
    </message>
    <message>
        <source>a two-letter country code, e.g. DE</source>
        <translation>ein zweistelliger Ländercode, z. B. DE</translation>
    </message>
    <message>
        <source>two-letter country codes, e.g. GB, CH, NO</source>
        <translation>zweistellige Ländercodes, z. B. GB, CH, NO</translation>
    </message>
    <message>
        <source>an Incoterms 2020 code, e.g. DAP or DDP</source>
        <translation>ein Incoterms-2020-Code, z. B. DAP oder DDP</translation>
    </message>
    <message>
        <source>A4 or A5</source>
        <translation>A4 oder A5</translation>
    </message>
    <message>
        <source>{0} needs a value.</source>
        <extracomment>``SettingIssue`` → words: {0} the setting, {1} its limit or allowed values</extracomment>
        <translation>{0} braucht einen Wert.</translation>
    </message>
    <message>
        <source>{0} must be a whole number.</source>
        <translation>{0} muss eine ganze Zahl sein.</translation>
    </message>
    <message>
        <source>{0} must be a number.</source>
        <translation>{0} muss eine Zahl sein.</translation>
    </message>
    <message>
        <source>{0} must be yes or no.</source>
        <translation>{0} muss ja oder nein sein.</translation>
    </message>
    <message>
        <source>{0} must be text.</source>
        <translation>{0} muss ein Text sein.</translation>
    </message>
    <message>
        <source>{0} must be at least {1}.</source>
        <translation>{0} muss mindestens {1} sein.</translation>
    </message>
    <message>
        <source>{0} must be more than {1}.</source>
        <translation>{0} muss größer als {1} sein.</translation>
    </message>
    <message>
        <source>{0} may be at most {1}.</source>
        <translation>{0} darf höchstens {1} sein.</translation>
    </message>
    <message>
        <source>{0} must be less than {1}.</source>
        <translation>{0} muss kleiner als {1} sein.</translation>
    </message>
    <message>
        <source>{0} needs at least {1} character(s).</source>
        <translation>{0} braucht mindestens {1} Zeichen.</translation>
    </message>
    <message>
        <source>{0} may have at most {1} characters.</source>
        <translation>{0} darf höchstens {1} Zeichen haben.</translation>
    </message>
    <message>
        <source>{0} must be one of: {1}.</source>
        <translation>{0} muss einer dieser Werte sein: {1}.</translation>
    </message>
    <message>
        <source>{0} does not take this value. Allowed: {1}.</source>
        <translation>{0} nimmt diesen Wert nicht an. Erlaubt: {1}.</translation>
    </message>
    <message>
        <source>There is no setting called {0}.</source>
        <translation>Es gibt keine Einstellung namens {0}.</translation>
    </message>
    <message>
        <source>what the settings reference (docs/settings.md) describes</source>
        <translation>was die Einstellungsreferenz (docs/settings.md) beschreibt</translation>
    </message>
    <message>
        <source>The settings</source>
        <translation>Die Einstellungen</translation>
    </message>
    <message>
        <source>The settings file {0} cannot be read: correct it by hand or remove it; nothing was saved.</source>
        <translation>Die Einstellungsdatei {0} kann nicht gelesen werden: von Hand korrigieren oder entfernen; nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>A value cannot be written to the settings file.</source>
        <translation>Ein Wert kann nicht in die Einstellungsdatei geschrieben werden.</translation>
    </message>
    <message>
        <source>No printer is set: choose one with Find printers, or type its address.</source>
        <translation>Kein Drucker eingestellt: einen mit „Drucker suchen“ wählen oder seine Adresse eingeben.</translation>
    </message>
    <message>
        <source>“{0}” is not a printer address the station knows: e.g. tcp://192.168.1.50:9100, cups://QUEUE, escpos+tcp://HOST:9100, file:///FOLDER or win32://NAME.</source>
        <translation>„{0}“ ist keine Druckeradresse, die der Platz kennt: z. B. tcp://192.168.1.50:9100, cups://WARTESCHLANGE, escpos+tcp://HOST:9100, file:///ORDNER oder win32://NAME.</translation>
    </message>
    <message>
        <source>the printer confirmed it</source>
        <extracomment>what became of a test label (``PrintResult.outcome``), never the printer&apos;s own detail</extracomment>
        <translation>der Drucker hat es bestätigt</translation>
    </message>
    <message>
        <source>sent; the printer cannot confirm it printed</source>
        <translation>gesendet; der Drucker kann nicht bestätigen, dass es gedruckt ist</translation>
    </message>
    <message>
        <source>the printer is not ready (see the station bar)</source>
        <translation>der Drucker ist nicht bereit (siehe Statusleiste)</translation>
    </message>
    <message>
        <source>the printer cannot print it as it is: check the printer language and the label size</source>
        <translation>der Drucker kann es so nicht drucken: Druckersprache und Etikettengröße prüfen</translation>
    </message>
    <message>
        <source>printed elsewhere</source>
        <translation>anderswo gedruckt</translation>
    </message>
    <message>
        <source>This computer has no secure password store (OS keyring) for the access key: the administrator sets PACKSTATION_ACCESS_KEY for the station&apos;s service instead.</source>
        <translation>Dieser Computer hat keinen sicheren Passwortspeicher (Schlüsselbund) für den Zugangsschlüssel: Die Administration setzt stattdessen PACKSTATION_ACCESS_KEY für den Dienst des Packplatzes.</translation>
    </message>
    <message>
        <source>Demo mode stores no access key: the sandbox needs none.</source>
        <translation>Der Demomodus speichert keinen Zugangsschlüssel: Die Sandbox braucht keinen.</translation>
    </message>
    <message>
        <source>not accepting jobs</source>
        <translation>nimmt keine Aufträge an</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Seven Senders</source>
        <translation>Seven Senders</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Label printer</source>
        <translation>Labeldrucker</translation>
    </message>
    <message>
        <source>Bench</source>
        <translation>Packplatz</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Custom API URL</source>
        <translation>Eigene API-URL</translation>
    </message>
    <message>
        <source>Access key</source>
        <translation>Zugangsschlüssel</translation>
    </message>
    <message>
        <source>7S Flex account</source>
        <translation>7S-Flex-Konto</translation>
    </message>
    <message>
        <source>Carrier (when the order names none)</source>
        <translation>Paketdienst (wenn der Auftrag keinen nennt)</translation>
    </message>
    <message>
        <source>Label format</source>
        <translation>Labelformat</translation>
    </message>
    <message>
        <source>Order source (folder or URL)</source>
        <translation>Auftragsquelle (Ordner oder URL)</translation>
    </message>
    <message>
        <source>Print the label after the last item</source>
        <translation>Label nach dem letzten Artikel drucken</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Drucker</translation>
    </message>
    <message>
        <source>Printer language</source>
        <translation>Druckersprache</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
    <message>
        <source>Label width</source>
        <translation>Etikettenbreite</translation>
    </message>
    <message>
        <source>Label height</source>
        <translation>Etikettenhöhe</translation>
    </message>
    <message>
        <source>Station name</source>
        <translation>Name des Packplatzes</translation>
    </message>
    <message>
        <source>Packer</source>
        <translation>Packer</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Sound volume</source>
        <translation>Lautstärke</translation>
    </message>
    <message>
        <source>Serial scanner port</source>
        <translation>Anschluss des seriellen Scanners</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Baudrate</translation>
    </message>
    <message>
        <source>Sandbox (demo, no real labels)</source>
        <translation>Sandbox (Demo, keine echten Labels)</translation>
    </message>
    <message>
        <source>UAT (Seven Senders test system)</source>
        <translation>UAT (Testsystem von Seven Senders)</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>Produktion</translation>
    </message>
    <message>
        <source>Custom URL</source>
        <translation>Eigene URL</translation>
    </message>
    <message>
        <source>Automatic (what the printer prints)</source>
        <translation>Automatisch (was der Drucker druckt)</translation>
    </message>
    <message>
        <source>The computer&apos;s language</source>
        <translation>Sprache des Computers</translation>
    </message>
    <message>
        <source>Paste the key from Seven Senders</source>
        <translation>Schlüssel von Seven Senders einfügen</translation>
    </message>
    <message>
        <source>Store in keyring</source>
        <translation>Im Schlüsselbund speichern</translation>
    </message>
    <message>
        <source>no customs manifests</source>
        <translation>keine Zollmanifeste</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>e.g. /dev/ttyACM0 or COM3 (empty: none)</source>
        <translation>z. B. /dev/ttyACM0 oder COM3 (leer: keiner)</translation>
    </message>
    <message>
        <source>empty: the sandbox&apos;s demo orders</source>
        <translation>leer: die Demo-Aufträge der Sandbox</translation>
    </message>
    <message>
        <source>e.g. tcp://192.168.1.50:9100</source>
        <translation>z. B. tcp://192.168.1.50:9100</translation>
    </message>
    <message>
        <source>Find printers</source>
        <translation>Drucker suchen</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>Testdruck</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <source>Try</source>
        <translation>Anhören</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Speichern (Strg+S)</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Settings file: {0}</source>
        <translation>Einstellungsdatei: {0}</translation>
    </message>
</context>
<context>
    <name>SettingsViewModel</name>
    <message>
        <source>Nothing changed.</source>
        <translation>Nichts geändert.</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>Nicht gespeichert: {0}</translation>
    </message>
    <message>
        <source>Kept for this demo only: nothing is written to the settings file. The demo keeps running on the sandbox.</source>
        <translation>Nur für diese Demo übernommen: In die Einstellungsdatei wird nichts geschrieben. Die Demo läuft weiter auf der Sandbox.</translation>
    </message>
    <message>
        <source>Kept for this demo only: nothing is written to the settings file.</source>
        <translation>Nur für diese Demo übernommen: In die Einstellungsdatei wird nichts geschrieben.</translation>
    </message>
    <message>
        <source>Saved to {0}. The station now restarts its connection and printer to use them.</source>
        <translation>In {0} gespeichert. Der Packplatz startet jetzt Verbindung und Drucker neu, um sie zu übernehmen.</translation>
    </message>
    <message>
        <source>Saved to {0}. In force now.</source>
        <translation>In {0} gespeichert. Gilt ab sofort.</translation>
    </message>
    <message>
        <source>The sandbox needs no key (it uses the demo key).</source>
        <translation>Die Sandbox braucht keinen Schlüssel (sie nutzt den Demo-Schlüssel).</translation>
    </message>
    <message>
        <source>This computer has no secure password store (OS keyring). Set the key in the PACKSTATION_ACCESS_KEY variable of the station&apos;s service instead; it is never written to a file.</source>
        <translation>Dieser Computer hat keinen sicheren Passwortspeicher (Schlüsselbund des Systems). Bitte den Schlüssel stattdessen in der Variablen PACKSTATION_ACCESS_KEY des Packplatz-Dienstes setzen; er wird nie in eine Datei geschrieben.</translation>
    </message>
    <message>
        <source>An access key for {0} is stored in the OS keyring.</source>
        <translation>Für {0} ist ein Zugangsschlüssel im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <source>No access key for {0} is stored yet: enter it and press Store.</source>
        <translation>Für {0} ist noch kein Zugangsschlüssel gespeichert: eingeben und „Im Schlüsselbund speichern“ drücken.</translation>
    </message>
    <message>
        <source>Enter the access key first.</source>
        <translation>Bitte zuerst den Zugangsschlüssel eingeben.</translation>
    </message>
    <message>
        <source>The access key is stored in the OS keyring (never in the settings file).</source>
        <translation>Der Zugangsschlüssel ist im Schlüsselbund des Systems gespeichert (nie in der Einstellungsdatei).</translation>
    </message>
    <message>
        <source>Printers found: {0}.</source>
        <translation>Gefundene Drucker: {0}.</translation>
    </message>
    <message>
        <source>No printers found. Type the printer&apos;s address, e.g. tcp://192.168.1.50:9100.</source>
        <translation>Keine Drucker gefunden. Bitte die Adresse des Druckers eingeben, z. B. tcp://192.168.1.50:9100.</translation>
    </message>
    <message>
        <source>Test label not printed: {0}</source>
        <translation>Testetikett nicht gedruckt: {0}</translation>
    </message>
    <message>
        <source>Test label sent ({0}). Did it come out?</source>
        <translation>Testetikett gesendet ({0}). Ist es herausgekommen?</translation>
    </message>
    <message>
        <source>The printer does not answer: {0}</source>
        <translation>Der Drucker antwortet nicht: {0}</translation>
    </message>
    <message>
        <source>The printer is ready.</source>
        <translation>Der Drucker ist bereit.</translation>
    </message>
    <message>
        <source>The printer takes jobs (it cannot report its state).</source>
        <translation>Der Drucker nimmt Aufträge an (seinen Zustand kann er nicht melden).</translation>
    </message>
    <message>
        <source>The printer is not ready: {0}</source>
        <translation>Der Drucker ist nicht bereit: {0}</translation>
    </message>
</context>
<context>
    <name>ShiftMode</name>
    <message>
        <source>Shift</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>BENCHES</source>
        <translation>PACKPLÄTZE</translation>
    </message>
    <message>
        <source>ORDERS CLAIMED AT A BENCH</source>
        <translation>AUFTRÄGE IN ARBEIT AN EINEM PACKPLATZ</translation>
    </message>
    <message>
        <source>Bench</source>
        <translation>Packplatz</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Packer</source>
        <translation>Packer</translation>
    </message>
    <message>
        <source>Packed</source>
        <translation>Gepackt</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Pack time</source>
        <translation>Packzeit</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Ausgang</translation>
    </message>
    <message>
        <source>Held labels</source>
        <translation>Wartende Labels</translation>
    </message>
    <message>
        <source>Customs pending</source>
        <translation>Zoll offen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>online</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>OFFLINE</source>
        <translation>OFFLINE</translation>
    </message>
    <message>
        <source>No bench holds an order.</source>
        <translation>Kein Packplatz hat einen Auftrag in Arbeit.</translation>
    </message>
    <message>
        <source>IDLE {0} — claimed, nothing done with it lately</source>
        <translation>RUHT {0} — in Arbeit, aber zuletzt nichts damit getan</translation>
    </message>
    <message>
        <source>+{0} more</source>
        <translation>+{0} weitere</translation>
    </message>
    <message>
        <source>As of {0}; refreshed by itself</source>
        <translation>Stand {0}; aktualisiert sich selbst</translation>
    </message>
</context>
<context>
    <name>ShiftViewModel</name>
    <message>
        <source> The figures below are from {0}.</source>
        <translation> Die Zahlen unten sind von {0}.</translation>
    </message>
    <message>
        <source>The warehouse store does not answer</source>
        <translation>Die Lager-Datenbank antwortet nicht</translation>
    </message>
    <message>
        <source>Every bench packs on alone; the view is refreshed when it is back.</source>
        <translation>Jeder Packplatz packt allein weiter; die Ansicht wird aktualisiert, sobald sie wieder da ist.</translation>
    </message>
    <message>
        <source>{0} order(s) claimed but idle</source>
        <translation>{0} Auftrag/Aufträge in Arbeit, aber ruhend</translation>
    </message>
    <message>
        <source>{0} orders packed this shift, {1} in the last hour; {2} of {3} benches online</source>
        <translation>{0} Aufträge in dieser Schicht gepackt, {1} in der letzten Stunde; {2} von {3} Packplätzen verbunden</translation>
    </message>
    <message>
        <source>Next manifest due: none (no pick-up times, no customs shipment waits)</source>
        <translation>Nächstes Manifest fällig: keines (keine Abholzeiten, keine Zollsendung wartet)</translation>
    </message>
    <message>
        <source>Next manifest due: pick-up {0}, {1} customs shipment(s)</source>
        <translation>Nächstes Manifest fällig: Abholung {0}, {1} Zollsendung(en)</translation>
    </message>
    <message>
        <source> — OVERDUE: the pick-up time has passed</source>
        <translation> — ÜBERFÄLLIG: die Abholzeit ist vorbei</translation>
    </message>
    <message>
        <source>; being posted at {0}</source>
        <translation>; wird an {0} gesendet</translation>
    </message>
    <message>
        <source> / {0} failed</source>
        <translation> / {0} fehlgeschlagen</translation>
    </message>
    <message>
        <source>{0} ({1} last hour)</source>
        <translation>{0} ({1} letzte Stunde)</translation>
    </message>
    <message>
        <source>{0}{1} · since {2}</source>
        <translation>{0}{1} · seit {2}</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Scan your badge, or type your name and press Enter</source>
        <translation>Ausweis scannen oder Namen eingeben und Enter drücken</translation>
    </message>
    <message>
        <source>Signed in now: {0}</source>
        <translation>Jetzt angemeldet: {0}</translation>
    </message>
    <message>
        <source>Nobody is signed in.</source>
        <translation>Niemand ist angemeldet.</translation>
    </message>
    <message>
        <source>Badge or name</source>
        <translation>Ausweis oder Name</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
</context>
<context>
    <name>SlipDialog</name>
    <message>
        <source>Packing slip</source>
        <translation>Lieferschein</translation>
    </message>
    <message>
        <source>Print the packing slip of a finished order again</source>
        <translation>Den Lieferschein eines abgeschlossenen Auftrags erneut drucken</translation>
    </message>
    <message>
        <source>Scan or type the order number</source>
        <translation>Auftragsnummer scannen oder eintippen</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
</context>
<context>
    <name>StationBar</name>
    <message>
        <source>Printer</source>
        <extracomment>the headline&apos;s most lines, and the smallest type it is made to fit them a compact banner (a short screen: 1024×768): the headline&apos;s and detail&apos;s type, margins the figures of each line, the one the packer must act on first a figure that must give way keeps at least this width (it wraps) the room of a line on the narrowest screen (1024 pixels less the bar&apos;s margins): what the figures may claim at least, so the window never has to be wider (on a wider screen they take their whole width and none wraps)</extracomment>
        <translation>Drucker</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Ausgang</translation>
    </message>
    <message>
        <source>Held labels</source>
        <translation>Wartende Labels</translation>
    </message>
    <message>
        <source>Packer</source>
        <translation>Packer</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>Lager</translation>
    </message>
    <message>
        <source>Seven Senders: {0}</source>
        <translation>Seven Senders: {0}</translation>
    </message>
    <message>
        <source>Station: {0}</source>
        <translation>Platz: {0}</translation>
    </message>
</context>
<context>
    <name>StationWindow</name>
    <message>
        <source>packstation — packing station</source>
        <translation>packstation – Packplatz</translation>
    </message>
    <message>
        <source>Sound off</source>
        <translation>Ton aus</translation>
    </message>
    <message>
        <source>No sound player was found on this computer: watch the banner.</source>
        <translation>Auf diesem Computer wurde kein Abspielprogramm für Töne gefunden: auf das Banner achten.</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>the printer is not reachable</source>
        <translation>der Drucker ist nicht erreichbar</translation>
    </message>
    <message>
        <source>the labels have run out</source>
        <translation>die Etiketten sind aufgebraucht</translation>
    </message>
    <message>
        <source>the print head is open</source>
        <translation>der Druckkopf ist offen</translation>
    </message>
    <message>
        <source>the printer is paused</source>
        <translation>der Drucker ist pausiert</translation>
    </message>
    <message>
        <source>the ribbon has run out</source>
        <translation>das Farbband ist aufgebraucht</translation>
    </message>
    <message>
        <source>the printer&apos;s memory is full</source>
        <translation>der Druckerspeicher ist voll</translation>
    </message>
    <message>
        <source>the print head is too hot</source>
        <translation>der Druckkopf ist zu heiß</translation>
    </message>
    <message>
        <source>the labels are jammed</source>
        <translation>die Etiketten haben sich verklemmt</translation>
    </message>
    <message>
        <source>the printer reports an error</source>
        <translation>der Drucker meldet einen Fehler</translation>
    </message>
    <message>
        <source>the printer is not ready</source>
        <translation>der Drucker ist nicht bereit</translation>
    </message>
    <message>
        <source>Skipping the item check</source>
        <translation>Artikelprüfung überspringen</translation>
    </message>
    <message>
        <source>Voiding a label</source>
        <translation>Etikett stornieren</translation>
    </message>
    <message>
        <source>Reprinting a label a second time</source>
        <translation>Etikett ein zweites Mal nachdrucken</translation>
    </message>
    <message>
        <source>Taking over an order another bench started</source>
        <translation>Auftrag eines anderen Packplatzes übernehmen</translation>
    </message>
    <message>
        <source>Scan a supervisor badge</source>
        <translation>Ausweis einer Aufsicht scannen</translation>
    </message>
    <message>
        <source>Type a supervisor PIN</source>
        <translation>PIN einer Aufsicht eingeben</translation>
    </message>
    <message>
        <source>Scan a supervisor badge or type the PIN</source>
        <translation>Ausweis einer Aufsicht scannen oder PIN eingeben</translation>
    </message>
    <message>
        <source>Order {0} has already been shipped.</source>
        <translation>Auftrag {0} wurde bereits versendet.</translation>
    </message>
    <message>
        <source>Order {0} is already completed.</source>
        <translation>Auftrag {0} ist bereits abgeschlossen.</translation>
    </message>
    <message>
        <source>Order {0} was cancelled.</source>
        <translation>Auftrag {0} wurde storniert.</translation>
    </message>
    <message>
        <source>Order {0} was returned.</source>
        <translation>Auftrag {0} wurde retourniert.</translation>
    </message>
    <message>
        <source>Order {0} was refunded.</source>
        <translation>Auftrag {0} wurde erstattet.</translation>
    </message>
    <message>
        <source>Order {0} is not known to the shop or to Seven Senders.</source>
        <translation>Auftrag {0} ist weder im Shop noch bei Seven Senders bekannt.</translation>
    </message>
    <message>
        <source>Order {0} cannot be packed.</source>
        <translation>Auftrag {0} kann nicht gepackt werden.</translation>
    </message>
    <message>
        <source>The file is not a ZPL label.</source>
        <translation>Die Datei ist kein ZPL-Label.</translation>
    </message>
    <message>
        <source>The label file is damaged (^XA and ^XZ do not pair up).</source>
        <translation>Die Labeldatei ist beschädigt (^XA und ^XZ passen nicht zusammen).</translation>
    </message>
    <message>
        <source>The label file is cut off (no closing ^XZ).</source>
        <translation>Die Labeldatei ist abgeschnitten (kein abschließendes ^XZ).</translation>
    </message>
    <message>
        <source>The label is empty.</source>
        <translation>Das Label ist leer.</translation>
    </message>
    <message>
        <source>The label is made for 300 dpi; the printer has 203 dpi.</source>
        <translation>Das Label ist für 300 dpi gemacht; der Drucker hat 203 dpi.</translation>
    </message>
    <message>
        <source>The label is made for 203 dpi; it prints smaller on this 300 dpi printer.</source>
        <translation>Das Label ist für 203 dpi gemacht; auf diesem 300-dpi-Drucker wird es kleiner gedruckt.</translation>
    </message>
    <message>
        <source>The label is wider than the labels in the printer.</source>
        <translation>Das Label ist breiter als die Etiketten im Drucker.</translation>
    </message>
    <message>
        <source>The label is longer than the labels in the printer.</source>
        <translation>Das Label ist länger als die Etiketten im Drucker.</translation>
    </message>
    <message>
        <source>Skip the item check: {0}</source>
        <translation>Artikelprüfung überspringen: {0}</translation>
    </message>
    <message>
        <source>Finish: buy and print the label</source>
        <translation>Abschließen: Label kaufen und drucken</translation>
    </message>
    <message>
        <source>Print the waiting labels</source>
        <translation>Wartende Labels drucken</translation>
    </message>
    <message>
        <source>Reprint the last labels</source>
        <translation>Letzte Labels nachdrucken</translation>
    </message>
    <message>
        <source>Void a label</source>
        <translation>Label stornieren</translation>
    </message>
    <message>
        <source>One more parcel</source>
        <translation>Ein Paket mehr</translation>
    </message>
    <message>
        <source>Cancel the order on the bench</source>
        <translation>Auftrag am Packplatz abbrechen</translation>
    </message>
    <message>
        <source>Move an item to another box</source>
        <translation>Einen Artikel in einen anderen Karton umpacken</translation>
    </message>
    <message>
        <source>Print a packing slip again</source>
        <translation>Einen Lieferschein erneut drucken</translation>
    </message>
    <message>
        <source>the barcodes cannot be read</source>
        <translation>die Barcodes sind nicht lesbar</translation>
    </message>
    <message>
        <source>the items have no barcode</source>
        <translation>die Artikel haben keinen Barcode</translation>
    </message>
    <message>
        <source>bulk items, counted by hand</source>
        <translation>Schüttware, von Hand gezählt</translation>
    </message>
    <message>
        <source>{0} min</source>
        <translation>{0} Min.</translation>
    </message>
    <message>
        <source>{0} h</source>
        <translation>{0} Std.</translation>
    </message>
    <message>
        <source>{0} days</source>
        <translation>{0} Tage</translation>
    </message>
    <message>
        <source>no weight</source>
        <translation>kein Gewicht</translation>
    </message>
    <message>
        <source>box {0} is open: scan what goes into it</source>
        <translation>Karton {0} ist offen: scannen Sie, was hineinkommt</translation>
    </message>
    <message>
        <source>Austria</source>
        <extracomment>How carriers write their own names (the API&apos;s codes are lower case, run together). Currencies written with their sign; any other with its code after the number.</extracomment>
        <translation>Österreich</translation>
    </message>
    <message>
        <source>Australia</source>
        <translation>Australien</translation>
    </message>
    <message>
        <source>Belgium</source>
        <translation>Belgien</translation>
    </message>
    <message>
        <source>Bulgaria</source>
        <translation>Bulgarien</translation>
    </message>
    <message>
        <source>Canada</source>
        <translation>Kanada</translation>
    </message>
    <message>
        <source>Switzerland</source>
        <translation>Schweiz</translation>
    </message>
    <message>
        <source>China</source>
        <translation>China</translation>
    </message>
    <message>
        <source>Cyprus</source>
        <translation>Zypern</translation>
    </message>
    <message>
        <source>Czechia</source>
        <translation>Tschechien</translation>
    </message>
    <message>
        <source>Germany</source>
        <translation>Deutschland</translation>
    </message>
    <message>
        <source>Denmark</source>
        <translation>Dänemark</translation>
    </message>
    <message>
        <source>Estonia</source>
        <translation>Estland</translation>
    </message>
    <message>
        <source>Spain</source>
        <translation>Spanien</translation>
    </message>
    <message>
        <source>Finland</source>
        <translation>Finnland</translation>
    </message>
    <message>
        <source>France</source>
        <translation>Frankreich</translation>
    </message>
    <message>
        <source>United Kingdom</source>
        <translation>Vereinigtes Königreich</translation>
    </message>
    <message>
        <source>Greece</source>
        <translation>Griechenland</translation>
    </message>
    <message>
        <source>Croatia</source>
        <translation>Kroatien</translation>
    </message>
    <message>
        <source>Hungary</source>
        <translation>Ungarn</translation>
    </message>
    <message>
        <source>Ireland</source>
        <translation>Irland</translation>
    </message>
    <message>
        <source>Iceland</source>
        <translation>Island</translation>
    </message>
    <message>
        <source>Italy</source>
        <translation>Italien</translation>
    </message>
    <message>
        <source>Japan</source>
        <translation>Japan</translation>
    </message>
    <message>
        <source>Liechtenstein</source>
        <translation>Liechtenstein</translation>
    </message>
    <message>
        <source>Lithuania</source>
        <translation>Litauen</translation>
    </message>
    <message>
        <source>Luxembourg</source>
        <translation>Luxemburg</translation>
    </message>
    <message>
        <source>Latvia</source>
        <translation>Lettland</translation>
    </message>
    <message>
        <source>Malta</source>
        <translation>Malta</translation>
    </message>
    <message>
        <source>Netherlands</source>
        <translation>Niederlande</translation>
    </message>
    <message>
        <source>Norway</source>
        <translation>Norwegen</translation>
    </message>
    <message>
        <source>Poland</source>
        <translation>Polen</translation>
    </message>
    <message>
        <source>Portugal</source>
        <translation>Portugal</translation>
    </message>
    <message>
        <source>Romania</source>
        <translation>Rumänien</translation>
    </message>
    <message>
        <source>Sweden</source>
        <translation>Schweden</translation>
    </message>
    <message>
        <source>Slovenia</source>
        <translation>Slowenien</translation>
    </message>
    <message>
        <source>Slovakia</source>
        <translation>Slowakei</translation>
    </message>
    <message>
        <source>Turkey</source>
        <translation>Türkei</translation>
    </message>
    <message>
        <source>United States</source>
        <translation>Vereinigte Staaten</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <source>Demo (sandbox)</source>
        <translation>Demo (Sandbox)</translation>
    </message>
    <message>
        <source>UAT (test)</source>
        <translation>UAT (Test)</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>Produktion</translation>
    </message>
    <message>
        <source>Custom URL</source>
        <translation>Eigene URL</translation>
    </message>
</context>
<context>
    <name>UncertainPrintDialog</name>
    <message>
        <source>Did the label come out?</source>
        <translation>Ist das Etikett herausgekommen?</translation>
    </message>
    <message>
        <source>Did this label come out of the printer?</source>
        <translation>Ist dieses Etikett aus dem Drucker gekommen?</translation>
    </message>
    <message>
        <source>The station stopped while sending it, and the printer cannot tell whether it printed. Look at the printer. Enter or P: it did not come out, print it again. D: it came out. Esc: later (F5 prints it).</source>
        <translation>Die Station wurde beim Senden angehalten, und der Drucker kann nicht sagen, ob es gedruckt wurde. Am Drucker nachsehen. Eingabe oder P: nicht herausgekommen, noch einmal drucken. D: herausgekommen. Esc: später (F5 druckt es).</translation>
    </message>
    <message>
        <source>Print it again</source>
        <translation>Noch einmal drucken</translation>
    </message>
    <message>
        <source>It came out</source>
        <translation>Herausgekommen</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Später</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void a label</source>
        <translation>Label stornieren</translation>
    </message>
    <message>
        <source>Cancel a label at Seven Senders (it must not be used any more)</source>
        <translation>Label bei Seven Senders stornieren (es darf nicht mehr verwendet werden)</translation>
    </message>
    <message>
        <source>…or scan or type the tracking code</source>
        <translation>… oder Sendungsnummer scannen bzw. eintippen</translation>
    </message>
    <message>
        <source>Why?</source>
        <translation>Warum?</translation>
    </message>
    <message>
        <source>↑ ↓ picks a reason above — or type your own</source>
        <translation>↑ ↓ wählt einen Grund oben – oder eigenen Grund eintippen</translation>
    </message>
    <message>
        <source>Buy and print a new label for this parcel</source>
        <translation>Neues Label für dieses Paket kaufen und drucken</translation>
    </message>
</context>
</TS>
