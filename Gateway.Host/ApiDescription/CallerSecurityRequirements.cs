using Gateway.Contracts.Departments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Host.ApiDescription;

/// <summary>
/// Each operation's security requirement, read from its endpoint: the authorization policy it requires (a channel scope, or the
/// portal's inspector role) or the <see cref="AuthenticatedBy"/> it declares; none of them: open to anyone (<c>security: []</c>).
/// With a requirement come the refusals it brings (401, and 403 for a policy), so they cannot be left out of the document.
/// </summary>
public sealed class CallerSecurityRequirements : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();
        var declared = metadata.OfType<AuthenticatedBy>().Select(a => a.Scheme).Distinct().ToList();
        if (policies.Count + declared.Count > 1)
            throw new InvalidOperationException($"{context.Description.RelativePath}: more than one way to authenticate ({string.Join(", ", policies.Concat(declared))})");

        var document = context.Document ?? throw new InvalidOperationException("the operation has no document");
        OpenApiSecurityRequirement Requirement(string scheme, params string[] scopes) =>
            new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [.. scopes] };

        operation.Security = [];
        if (policies is [var policy])
        {
            var (scheme, role) = policy.StartsWith(Channels.ChannelScopes.PolicyPrefix, StringComparison.Ordinal)
                ? (CallerSchemes.ChannelToken, policy[Channels.ChannelScopes.PolicyPrefix.Length..])
                : policy == Portal.PortalModule.InspectorPolicy
                    ? (CallerSchemes.PortalSession, policy)
                    : throw new InvalidOperationException($"{context.Description.RelativePath}: no security scheme describes policy '{policy}'");
            operation.Security.Add(Requirement(scheme, role));
            await RefusalAsync(operation, context, StatusCodes.Status401Unauthorized, "Not authenticated", cancellationToken);
            await RefusalAsync(operation, context, StatusCodes.Status403Forbidden,
                scheme == CallerSchemes.ChannelToken ? $"The token lacks scope `{role}`, or is not a channel allowed here" : $"Not role `{role}`",
                cancellationToken);
        }
        else if (declared is [var by] && by != AuthenticatedBy.InMessage)
        {
            operation.Security.Add(Requirement(by));
            await RefusalAsync(operation, context, StatusCodes.Status401Unauthorized, "Not authenticated", cancellationToken);
            if (by == CallerSchemes.DepartmentSignature)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = CallbackSignature.TimestampHeader, In = ParameterLocation.Header, Required = true,
                    Description = "Unix time in seconds when the request was signed; part of the signature (see the `departmentSignature` scheme).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]+$" },
                });
            }
        }
    }

    /// <summary>Adds the problem answer <paramref name="status"/> unless the endpoint already declares it.</summary>
    static async Task RefusalAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description,
        CancellationToken ct)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key)) return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = await EndpointDocumentation.ComponentAsync(typeof(ProblemDetails), context, ct) },
            },
        };
    }
}
