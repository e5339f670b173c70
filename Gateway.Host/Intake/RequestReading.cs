using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Contracts.Applications;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Host.Intake;

/// <summary>What the intake endpoints share: reading a JSON body within the size limit, and the rules on applications they all apply.</summary>
public static partial class RequestReading
{
    public static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    [GeneratedRegex("^[A-Z]{2}[0-9]{9}[A-Z]{2}$")]
    private static partial Regex PostalTrackingNumberPattern();

    /// <summary>A postal tracking number in the 13-character form of the postal services (e.g. EA123456789CN).</summary>
    public static bool IsPostalTrackingNumber(string? value) => value is not null && PostalTrackingNumberPattern().IsMatch(value);

    /// <summary>
    /// Reads the body as <typeparamref name="T"/>, the <paramref name="document"/> named in messages (at most <paramref name="maxBytes"/>
    /// when given): the request, or the problem to answer (400 malformed JSON; 422 a JSON null, unless <paramref name="nullIsProblem"/>
    /// is false and the caller's own validation says so).
    /// </summary>
    public static async Task<(T? Request, IResult? Problem)> ReadJsonAsync<T>(HttpContext http, string document, CancellationToken ct, long? maxBytes = null,
        bool nullIsProblem = true) where T : class
    {
        if (maxBytes is { } max && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max;
        try
        {
            var request = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, ct);
            return request is null && nullIsProblem
                ? (null, Results.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["the body must be a JSON object"] }, statusCode: 422,
                    title: "The request is invalid", type: "https://gateway.local/problems/invalid-request"))
                : (request, null);
        }
        catch (JsonException ex)
        {
            return (null, Results.Problem(statusCode: 400, title: "Malformed JSON", detail: $"The body is not a valid {document} document: {ex.Message}",
                type: "https://gateway.local/problems/malformed-json"));
        }
    }

    /// <summary>The application with <paramref name="supplied"/> materials in place of those of the same code.</summary>
    public static CanonicalApplication WithMaterials(CanonicalApplication current, IReadOnlyList<SubmittedMaterial> supplied) =>
        current with { Materials = [.. current.Materials.Where(m => supplied.All(s => s.Code != m.Code)), .. supplied] };
}
