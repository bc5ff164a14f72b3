"""LIESMICH.txt of the evidence bundle: what it holds and how to check it without the platform.

German, like the record it explains; it is one of the files the signed manifest covers. Every
command in it was run on a bundle of the platform (docs/archive.md says with which versions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import current_app

from .keys import gateway_keys

TEMPLATE = """\
Nachweispaket zum Vorgang {reference}
{underline}

Ausgestellt von der Poststelle der {municipality}. Das Paket enthält:

{listing}

Alle Dateien stehen mit ihrer SHA-256-Prüfsumme und Größe in manifest.json; die Poststelle
hat manifest.json mit ihrem OpenPGP-Schlüssel signiert (manifest.json.asc).


So prüfen Sie das Paket ohne die Plattform
------------------------------------------

Entpacken Sie das Paket in einen leeren Ordner und öffnen Sie dort ein Terminal (die Befehle
sind die eines Linux-Systems mit GnuPG, coreutils, poppler-utils und libnss3-tools).

1. Alle Dateien sind unverändert (jede Zeile muss mit „OK“ enden):

     sha256sum -c SHA256SUMS

2. Das Verzeichnis stammt von der Poststelle (in einem eigenen, leeren Schlüsselbund):

     export GNUPGHOME="$(mktemp -d)"
     gpg --import gateway.asc
     gpg --verify manifest.json.asc manifest.json

   Erwartet ist „Korrekte Signatur“ („Good signature“) mit dem Fingerabdruck
   {fingerprint}
   Die Warnung, der Schlüssel sei nicht durch eine vertrauenswürdige Signatur beglaubigt,
   heißt nur, dass Ihr neuer Schlüsselbund ihn noch nicht kennt: vergleichen Sie den
   Fingerabdruck mit dem, den die {municipality} veröffentlicht.

3. Jeder Nachweis (Versand-, Eingangs-, Abholbestätigung) ist von der Poststelle signiert:

     for f in nachweise/*.json; do gpg --verify "$f.asc" "$f" || echo "UNGÜLTIG: $f"; done

4. Die Siegel der PDF-Dokumente (PAdES, elektronisches Siegel der {municipality}): mit einem
   PDF-Programm, das Signaturen prüft, oder mit pdfsig (Paket poppler-utils), dem Sie zuerst
   die Zertifizierungsstelle aus dem Paket bekannt machen (certutil, Paket libnss3-tools):

     mkdir nss
     certutil -N -d sql:nss --empty-password
     certutil -A -d sql:nss -n siegel-ca -t "C,C,C" -i zertifikate/ca.pem
     pdfsig -nssdir sql:nss dokumente/<Datei>.pdf

   Erwartet sind „Total document signed“ (das Siegel deckt die ganze Datei),
   „Signature Validation: Signature is Valid.“ und „Certificate Validation: Certificate is
   Trusted.“. Ein verändertes Dokument meldet „Digest Mismatch“. Vergleichen Sie den
   Fingerabdruck der Zertifizierungsstelle mit dem, den die {municipality} veröffentlicht:

     openssl x509 -in zertifikate/ca.pem -noout -fingerprint -sha256


Mit der Plattform
-----------------

     flask --app buergerbuero gateway verify <Paket>.zip

prüft alles zugleich; jedes PDF lässt sich auch auf der Seite „Nachweise prüfen“ (/pruefen)
hochladen.
"""  # untranslated: the bundle is a German record, covered by its signed manifest


def readme(reference: str, files: Sequence[Any]) -> str:
    """Return the LIESMICH.txt text for a case's bundle listing ``files`` (path and bytes)."""
    municipality = current_app.config["MUNICIPALITY"]
    listing = "\n".join(f"  {file.path} ({len(file.content)} Bytes)" for file in files)
    title = f"Nachweispaket zum Vorgang {reference}"  # untranslated: see TEMPLATE
    return TEMPLATE.format(reference=reference, underline="=" * len(title),
                           municipality=municipality, listing=listing,
                           fingerprint=spaced(gateway_keys().gateway_fingerprint))


def spaced(fingerprint: str) -> str:
    """Return a fingerprint in groups of four, as gpg prints it."""
    groups = [fingerprint[i:i + 4] for i in range(0, len(fingerprint), 4)]
    return " ".join(groups[:5]) + "  " + " ".join(groups[5:])
