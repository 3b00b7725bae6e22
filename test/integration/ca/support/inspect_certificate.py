"""Prints the fields of a DER certificate as JSON, as Python's cryptography package reads them."""
import json
import sys
from datetime import timezone

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID

with open(sys.argv[1], "rb") as handle:
    certificate = x509.load_der_x509_certificate(handle.read())


def extension(oid):
    try:
        return certificate.extensions.get_extension_for_oid(oid)
    except x509.ExtensionNotFound:
        return None


def validity(name):
    """cryptography ≥ 42 has the *_utc attributes; Debian 12's 38 has the naive-UTC ones."""
    moment = getattr(certificate, name + "_utc", None)
    if moment is None:
        moment = getattr(certificate, name).replace(tzinfo=timezone.utc)
    return moment.isoformat()


basic = extension(ExtensionOID.BASIC_CONSTRAINTS)
usage = extension(ExtensionOID.KEY_USAGE)
eku = extension(ExtensionOID.EXTENDED_KEY_USAGE)
aki = extension(ExtensionOID.AUTHORITY_KEY_IDENTIFIER)
ski = extension(ExtensionOID.SUBJECT_KEY_IDENTIFIER)
print(json.dumps({
    "version": certificate.version.name,
    "subject": certificate.subject.rfc4514_string(),
    "serial": certificate.serial_number,
    "serialBits": certificate.serial_number.bit_length(),
    "notBefore": validity("not_valid_before"),
    "notAfter": validity("not_valid_after"),
    "signatureOid": certificate.signature_algorithm_oid.dotted_string,
    "curve": certificate.public_key().curve.name,
    "basicConstraints": {"critical": basic.critical, "ca": basic.value.ca, "pathLength": basic.value.path_length} if basic else None,
    "keyUsage": {
        "critical": usage.critical,
        "digitalSignature": usage.value.digital_signature,
        "keyCertSign": usage.value.key_cert_sign,
        "crlSign": usage.value.crl_sign,
        "keyEncipherment": usage.value.key_encipherment,
    } if usage else None,
    "extKeyUsage": [oid.dotted_string for oid in eku.value] if eku else None,
    "clientAuth": bool(eku and ExtendedKeyUsageOID.CLIENT_AUTH in eku.value),
    "hasSubjectAltName": extension(ExtensionOID.SUBJECT_ALTERNATIVE_NAME) is not None,
    "subjectKeyIdentifier": ski.value.digest.hex() if ski else None,
    "authorityKeyIdentifier": aki.value.key_identifier.hex() if aki and aki.value.key_identifier else None,
    "extensionCount": len(certificate.extensions),
}))
