using System.Text;
using System.Xml.Linq;
using Gateway.Contracts.Soap;
using Xunit;

namespace Gateway.Tests.Contracts;

public class UsernameTokenDigests
{
    [Fact]
    public void Should_compute_the_digest_of_the_username_token_profile()
    {
        // Base64(SHA-1(nonce + created + password)); the expected value was computed outside .NET:
        // printf '0123456789abcdef2026-11-22T08:00:00.000Zsecret' | openssl dgst -sha1 -binary | base64
        var nonce = Encoding.ASCII.GetBytes("0123456789abcdef");
        Assert.Equal("wvEH5u1tqNtZm2rsrz/ecE8DtK0=", UsernameToken.ComputeDigest(nonce, "2026-11-22T08:00:00.000Z", "secret"));
    }

    [Fact]
    public void Should_read_back_a_token_from_its_header_and_match_only_its_password()
    {
        var token = UsernameToken.Create("GA", "secret");
        var header = new XElement(XNamespace.Get(SoapNamespaces.Envelope11) + "Header", token.ToHeader());
        var read = UsernameToken.Read(header)!;
        Assert.Equal(token, read);
        Assert.True(read.Matches("secret"));
        Assert.False(read.Matches("Secret"));
        Assert.NotEqual(token.NonceBase64, UsernameToken.Create("GA", "secret").NonceBase64); // a fresh nonce every time
    }

    [Fact]
    public void Should_not_read_a_plain_text_password_token()
    {
        var header = XElement.Parse($"""
            <Header><wsse:Security xmlns:wsse="{SoapNamespaces.WsSecurity}"><wsse:UsernameToken>
              <wsse:Username>GA</wsse:Username><wsse:Password>secret</wsse:Password>
            </wsse:UsernameToken></wsse:Security></Header>
            """);
        Assert.Null(UsernameToken.Read(header));
    }
}

public class SoapEnvelopeReading
{
    [Fact]
    public void Should_read_the_body_and_a_fault()
    {
        var message = SoapEnvelope.Parse(SoapEnvelope.Build(new XElement("Ping")));
        Assert.Equal("Ping", message.Body!.Name.LocalName);
        var fault = SoapEnvelope.Parse(SoapEnvelope.Fault("Client", "bad", "why")).Fault!;
        Assert.Equal(("soap:Client", "bad", "why"), (fault.Code, fault.Message, fault.Detail));
        Assert.True(fault.IsSenderFault);
        Assert.False(SoapEnvelope.Parse(SoapEnvelope.Fault("Server", "down")).Fault!.IsSenderFault);
    }

    [Theory]
    [InlineData("<not-closed", "Client")]
    [InlineData("<Envelope/>", "VersionMismatch")]
    [InlineData("<x:Envelope xmlns:x=\"http://www.w3.org/2003/05/soap-envelope\"/>", "VersionMismatch")]
    [InlineData("<x:Envelope xmlns:x=\"http://schemas.xmlsoap.org/soap/envelope/\"/>", "Client")]
    public void Should_refuse_what_is_not_a_soap_11_envelope(string xml, string code) =>
        Assert.Equal(code, Assert.Throws<SoapFormatException>(() => SoapEnvelope.Parse(xml)).Code);
}
