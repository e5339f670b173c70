"""Reads the gateway's published WSDL with zeep, a standard SOAP client, and builds a ReportCaseEvent request with it.

Usage: zeep_client.py WSDL_FILE USERNAME PASSWORD CASE_NO EVENT_ID
Prints JSON: the operations zeep found per port, and the envelope zeep wrote (WS-Security UsernameToken, PasswordDigest).
"""
import json
import sys

from lxml import etree
from zeep import Client
from zeep.wsse.username import UsernameToken

wsdl, username, password, case_no, event_id = sys.argv[1:6]
client = Client(wsdl, wsse=UsernameToken(username, password, use_digest=True))
operations = {}
for service in client.wsdl.services.values():
    for port in service.ports.values():
        operations[port.name] = sorted(port.binding._operations.keys())
message = client.create_message(
    client.service, "ReportCaseEvent",
    eventId=event_id, caseNo=case_no, type="correctionRequired",
    corrections={"correction": [{"materialCode": "M-GA-001-01", "description": "出生医学证明复印件不清晰", "method": "online"}]})
soap_action = client.service._binding._operations["ReportCaseEvent"].soapaction
print(json.dumps({
    "operations": operations,
    "soapAction": soap_action,
    "envelope": etree.tostring(message, encoding="unicode"),
}, ensure_ascii=False))
