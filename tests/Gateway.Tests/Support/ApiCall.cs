using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Contracts.Departments;

namespace Gateway.Tests.Support;

/// <summary>
/// One row of a table of API calls: what it is, the request, who sends it, and the status it must be answered with. The request is
/// built when the call is made (a signature or a token is fresh).
/// </summary>
public sealed record ApiCall(string What, HttpMethod Method, string Path, int Status)
{
    /// <summary>A JSON body (serialized with the web defaults), or null.</summary>
    public object? Json { get; init; }
    /// <summary>A body sent as it is, with <see cref="ContentType"/>, instead of <see cref="Json"/>.</summary>
    public string? Text { get; init; }
    public string ContentType { get; init; } = "application/json";
    /// <summary>Who sends it; null: the gateway's province-wide channel with every scope.</summary>
    public Func<HttpRequestMessage, Task<HttpResponseMessage>>? By { get; init; }
    /// <summary>Signed as this department signs (X-Timestamp, X-Signature) with <see cref="Secret"/>.</summary>
    public string? Secret { get; init; }
    /// <summary>Extra request headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static ApiCall Get(string what, string path, int status) => new(what, HttpMethod.Get, path, status);

    public static ApiCall Post(string what, string path, int status, object? json = null) => new(what, HttpMethod.Post, path, status) { Json = json };

    public static ApiCall PostText(string what, string path, int status, string text, string contentType = "application/json") =>
        new(what, HttpMethod.Post, path, status) { Text = text, ContentType = contentType };

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, Path);
        byte[]? body = Text is not null ? Encoding.UTF8.GetBytes(Text) : Json is not null ? JsonSerializer.SerializeToUtf8Bytes(Json, Json.GetType(), TestGateway.Json) : null;
        if (body is not null)
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = MediaTypeHeaderValue.Parse(ContentType) } };
        if (Secret is not null)
        {
            var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            request.Headers.Add(CallbackSignature.TimestampHeader, ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(CallbackSignature.SignatureHeader, CallbackSignature.Sign(Secret, ts, body ?? []));
        }
        foreach (var (name, value) in Headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }
}
