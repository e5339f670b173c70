using Xunit.Abstractions;

namespace Gateway.Tests.Support;

/// <summary>
/// Makes tables of <see cref="ApiCall"/>s against a gateway and holds every answer to the API document: the status the row expects,
/// and the body by the document (<see cref="OpenApiContract"/>). Every mismatch is collected, so one run names them all; which
/// operations answered a success is kept, to find those no row reached.
/// </summary>
public sealed class DocumentedCalls(TestGateway gateway, OpenApiContract contract, ITestOutputHelper output)
{
    readonly List<string> _problems = [];
    readonly HashSet<(string Method, string Template)> _succeeded = [];
    readonly Dictionary<string, string> _answers = [];
    public int Count { get; private set; }

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The body answered to the row <paramref name="what"/>.</summary>
    public string Answer(string what) => _answers[what];

    /// <summary>The operations of the document no row got a success (2xx) from.</summary>
    public IReadOnlyList<string> NeverSucceeded =>
        contract.Operations.Where(o => !_succeeded.Contains(o)).Select(o => $"{o.Method} {o.Template}").ToList();

    public async Task RunAsync(params ApiCall[] calls)
    {
        foreach (var call in calls)
        {
            Count++;
            using var request = call.ToRequest();
            using var response = call.By is { } by ? await by(request) : await gateway.Http.SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            _answers[call.What] = body;
            output.WriteLine($"{status} {call.Method} {call.Path}  ({call.What})");
            if (status != call.Status)
                _problems.Add($"{call.What}: {call.Method} {call.Path} answered {status}, the row expects {call.Status}: {(body.Length > 300 ? body[..300] : body)}");
            var contentType = response.Content.Headers.ContentType?.ToString();
            _problems.AddRange(contract.Problems(call.Method.Method, call.Path, status, contentType, body).Select(p => $"{call.What}: {p}"));
            if (status is >= 200 and < 300 && contract.Find(call.Method.Method, call.Path) is { } found)
                _succeeded.Add((call.Method.Method.ToUpperInvariant(), found.Template));
        }
    }
}
