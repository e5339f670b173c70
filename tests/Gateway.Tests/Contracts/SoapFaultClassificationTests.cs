using Gateway.Contracts.Soap;
using Xunit;

namespace Gateway.Tests.Contracts;

/// <summary>A department's fault is judged by the namespace of its code, whatever prefix the department's stack bound it to.</summary>
public class SoapFaultClassification
{
    static SoapEnvelope.SoapFault Fault(string code, string declarations) => SoapEnvelope.Parse(
        $"<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\" {declarations}><S:Body><S:Fault><faultcode>{code}</faultcode>" +
        "<faultstring>x</faultstring></S:Fault></S:Body></S:Envelope>").Fault!;

    [Fact]
    public void Should_classify_by_namespace_not_prefix()
    {
        Assert.True(Fault("S:Client", "").IsSenderFault);                                              // SOAP namespace under another prefix
        Assert.False(Fault("S:Server", "").IsSenderFault);
        Assert.True(Fault("x:FailedAuthentication", $"xmlns:x=\"{SoapNamespaces.WsSecurity}\"").IsSenderFault);  // WS-Security, any prefix
        Assert.False(Fault("soap:Client", "xmlns:soap=\"urn:not-soap\"").IsSenderFault);               // the word is not enough
        Assert.True(Fault("S:Client.Authentication", "").IsSenderFault);                               // SOAP 1.1 dotted sub-codes
    }

    [Fact]
    public void Should_write_ws_security_codes_in_their_namespace()
    {
        var fault = SoapEnvelope.Parse(SoapEnvelope.Fault("wsse:FailedAuthentication", "no")).Fault!;
        Assert.Equal(System.Xml.Linq.XName.Get("FailedAuthentication", SoapNamespaces.WsSecurity), fault.QualifiedCode);
    }

    [Fact]
    public void Should_take_a_time_without_a_zone_as_beijing_time()
    {
        Assert.Equal(new DateTime(2026, 11, 30, 2, 0, 0, DateTimeKind.Utc), XmlTimes.ToUtc("2026-11-30T10:00:00"));
        Assert.Equal(new DateTime(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc), XmlTimes.ToUtc("2026-11-30T10:00:00Z"));
        Assert.Equal(new DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc), XmlTimes.ToUtc("2026-11-30T10:00:00+01:00"));
    }
}
