using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Host.Observability;

/// <summary>Counts the applications intake refuses (4xx answers), by status and the problem's title turned into a short reason.</summary>
public static class IntakeRefusalCounter
{
    public static async ValueTask<object?> Count(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (result is IStatusCodeHttpResult { StatusCode: >= 400 and < 500 and var status })
        {
            var title = result switch
            {
                ProblemHttpResult p => p.ProblemDetails.Title,
                ValidationProblem v => v.ProblemDetails.Title,
                _ => null,
            };
            GatewayMetrics.IntakeRefused(status, Reason(title));
        }
        return result;
    }

    /// <summary>"The application is invalid" → "the-application-is-invalid": a fixed set of titles, so a bounded set of label values.</summary>
    static string Reason(string? title) => string.IsNullOrWhiteSpace(title) ? "unspecified"
        : string.Join('-', title.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsAsciiLetterOrDigit).ToArray())).Where(w => w.Length > 0));
}
