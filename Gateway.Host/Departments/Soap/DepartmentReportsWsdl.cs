using Gateway.Contracts.Soap;

namespace Gateway.Host.Departments.Soap;

/// <summary>The WSDL of the department report service (SOAP 1.1, document/literal), for a legacy system's SOAP tooling to import.</summary>
public static class DepartmentReportsWsdl
{
    public static string For(string location) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
            xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="{SoapNamespaces.DepartmentReports}"
            targetNamespace="{SoapNamespaces.DepartmentReports}" name="DepartmentReports">
          <wsdl:documentation>Departments report receipt, correction notices, acceptance, non-acceptance, approval, refusal and licences on their cases.
            Authenticate with a WS-Security UsernameToken (PasswordDigest): user name = department code, password = the department's
            callback secret. The same eventId again is answered 'duplicate'.</wsdl:documentation>
          <wsdl:types>
            <xs:schema targetNamespace="{SoapNamespaces.DepartmentReports}" elementFormDefault="qualified">
              <xs:simpleType name="ReportType">
                <xs:restriction base="xs:string">
                  <xs:enumeration value="received"/><xs:enumeration value="correctionRequired"/><xs:enumeration value="accepted"/><xs:enumeration value="suspended"/><xs:enumeration value="resumed"/><xs:enumeration value="notAccepted"/>
                  <xs:enumeration value="approved"/><xs:enumeration value="refused"/><xs:enumeration value="licenceIssued"/>
                </xs:restriction>
              </xs:simpleType>
              <xs:element name="ReportCaseEvent">
                <xs:complexType><xs:sequence>
                  <xs:element name="eventId" type="xs:string"/>
                  <xs:element name="caseNo" type="xs:string"/>
                  <xs:element name="type" type="tns:ReportType"/>
                  <xs:element name="occurredAt" type="xs:dateTime" minOccurs="0"/>
                  <xs:element name="noticeNo" type="xs:string" minOccurs="0"/>
                  <xs:element name="reasons" minOccurs="0"><xs:complexType><xs:sequence>
                    <xs:element name="reason" type="xs:string" maxOccurs="unbounded"/>
                  </xs:sequence></xs:complexType></xs:element>
                  <xs:element name="remarks" type="xs:string" minOccurs="0"/>
                  <xs:element name="corrections" minOccurs="0"><xs:complexType><xs:sequence>
                    <xs:element name="correction" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                      <xs:element name="materialCode" type="xs:string" minOccurs="0"/>
                      <xs:element name="description" type="xs:string"/>
                      <xs:element name="method" minOccurs="0"><xs:simpleType><xs:restriction base="xs:string">
                        <xs:enumeration value="online"/><xs:enumeration value="post"/>
                      </xs:restriction></xs:simpleType></xs:element>
                    </xs:sequence></xs:complexType></xs:element>
                  </xs:sequence></xs:complexType></xs:element>
                  <xs:element name="licence" minOccurs="0"><xs:complexType><xs:sequence>
                    <xs:element name="licenceNo" type="xs:string"/>
                    <xs:element name="licenceType" type="xs:string"/>
                    <xs:element name="holderName" type="xs:string"/>
                    <xs:element name="holderIdNumber" type="xs:string"/>
                    <xs:element name="validFrom" type="xs:date"/>
                    <xs:element name="validUntil" type="xs:date" minOccurs="0"/>
                    <xs:element name="fileSha256" type="xs:string" minOccurs="0"/>
                    <xs:element name="fileName" type="xs:string" minOccurs="0"/>
                  </xs:sequence></xs:complexType></xs:element>
                </xs:sequence></xs:complexType>
              </xs:element>
              <xs:element name="ReportCaseEventResponse">
                <xs:complexType><xs:sequence>
                  <xs:element name="eventId" type="xs:string"/>
                  <xs:element name="status" type="xs:string"/>
                </xs:sequence></xs:complexType>
              </xs:element>
            </xs:schema>
          </wsdl:types>
          <wsdl:message name="ReportCaseEventRequest"><wsdl:part name="parameters" element="tns:ReportCaseEvent"/></wsdl:message>
          <wsdl:message name="ReportCaseEventResponse"><wsdl:part name="parameters" element="tns:ReportCaseEventResponse"/></wsdl:message>
          <wsdl:portType name="DepartmentReportsPortType">
            <wsdl:operation name="ReportCaseEvent">
              <wsdl:input message="tns:ReportCaseEventRequest"/>
              <wsdl:output message="tns:ReportCaseEventResponse"/>
            </wsdl:operation>
          </wsdl:portType>
          <wsdl:binding name="DepartmentReportsBinding" type="tns:DepartmentReportsPortType">
            <soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>
            <wsdl:operation name="ReportCaseEvent">
              <soap:operation soapAction="{SoapNamespaces.DepartmentReports}/ReportCaseEvent"/>
              <wsdl:input><soap:body use="literal"/></wsdl:input>
              <wsdl:output><soap:body use="literal"/></wsdl:output>
            </wsdl:operation>
          </wsdl:binding>
          <wsdl:service name="DepartmentReports">
            <wsdl:port name="DepartmentReportsPort" binding="tns:DepartmentReportsBinding"><soap:address location="{location}"/></wsdl:port>
          </wsdl:service>
        </wsdl:definitions>
        """;
}
