using System.Text;
using Gateway.Contracts.Departments;
using Xunit;

namespace Gateway.Tests.Contracts;

public class CallbackSignatureRules
{
    static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"eventId\":\"e1\"}");

    [Fact]
    public void Should_verify_a_signature_made_with_the_same_secret_timestamp_and_body()
    {
        var signature = CallbackSignature.Sign("s3cret", 1_700_000_000, Body);
        Assert.StartsWith("sha256=", signature);
        Assert.True(CallbackSignature.Verify("s3cret", 1_700_000_000, Body, signature));
    }

    [Fact]
    public void Should_reject_another_secret_another_timestamp_or_an_altered_body()
    {
        var signature = CallbackSignature.Sign("s3cret", 1_700_000_000, Body);
        Assert.False(CallbackSignature.Verify("other", 1_700_000_000, Body, signature));
        Assert.False(CallbackSignature.Verify("s3cret", 1_700_000_001, Body, signature));
        Assert.False(CallbackSignature.Verify("s3cret", 1_700_000_000, Encoding.UTF8.GetBytes("{\"eventId\":\"e2\"}"), signature));
        Assert.False(CallbackSignature.Verify("s3cret", 1_700_000_000, Body, null));
    }
}
