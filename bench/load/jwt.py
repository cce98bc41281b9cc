#!/usr/bin/env python3
"""Mints an HS256 JWT with the contract's claims: jwt.py SECRET SUB NAMESPACE VERBS(comma) [HOURS]."""
import base64, hashlib, hmac, json, sys, time

def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

secret, sub, ns, verbs = sys.argv[1:5]
hours = float(sys.argv[5]) if len(sys.argv) > 5 else 4
header = {"alg": "HS256", "typ": "JWT"}
claims = {"sub": sub, "exp": int(time.time() + hours * 3600), "iat": int(time.time()),
          "namespaces": [ns], "permissions": {ns: verbs.split(",")}}
signing_input = b64(json.dumps(header, separators=(",", ":")).encode()) + "." + b64(json.dumps(claims, separators=(",", ":")).encode())
signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
print(signing_input + "." + b64(signature))
