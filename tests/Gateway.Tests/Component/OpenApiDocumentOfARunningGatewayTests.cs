using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gateway.Host.ApiDescription;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Component;

/// <summary>
/// The OpenAPI document an embedded gateway serves: open to anyone, linted without errors by npm's @redocly/cli
/// (tools/openapi-lint), describing every HTTP API endpoint the gateway maps, requiring what the published JSON schemas require,
/// with examples that fit; and the reference page that reads it.
/// </summary>
public class OpenApiDocumentOfARunningGateway(ITestOutputHelper output) : OnEmbeddedGateway
{
    const string DocumentPath = "/openapi/v1.json";

    async Task<OpenApiContract> DocumentAsync()
    {
        var response = await Gateway.Anonymous.GetAsync(DocumentPath);   // no credentials: it describes, it holds no data
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return new OpenApiContract(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_lint_without_errors()
    {
        var root = RepositoryRoot();
        var tool = Path.Combine(root, "tools", "openapi-lint");
        var redocly = Path.Combine(tool, "node_modules", ".bin", "redocly");
        const string install = "bash scripts/test-servers.sh start installs Node.js and npm (Debian's nodejs npm) when missing and runs npm ci in " +
                               "tools/openapi-lint; or by hand: cd tools/openapi-lint && npm ci";
        var node = Run("node", ["--version"], root);
        Assert.True(node.ExitCode == 0, $"Node.js is not on this machine ({node.Output.Trim()}); the OpenAPI linter needs it. {install}.");
        Assert.True(File.Exists(redocly), $"The OpenAPI linter is not installed ({redocly} is missing). {install}.");
        var version = Regex.Match(node.Output, @"v(\d+)\.(\d+)");
        var (major, minor) = (int.Parse(version.Groups[1].Value), int.Parse(version.Groups[2].Value));
        Assert.True(major > 22 || major == 22 && minor >= 12 || major == 20 && minor >= 19,
            $"@redocly/cli 2.77 needs Node.js 20.19+ or 22.12+; this machine has {node.Output.Trim()}.");

        // Linted where redocly.yaml and the ignore file expect the document: next to them, as openapi.json.
        var work = Directory.CreateTempSubdirectory("openapi-lint-");
        try
        {
            foreach (var file in new[] { "redocly.yaml", ".redocly.lint-ignore.yaml" }) File.Copy(Path.Combine(tool, file), Path.Combine(work.FullName, file));
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "openapi.json"), (await DocumentAsync()).Document.ToJsonString());
            var lint = Run(redocly, ["lint", "openapi.json", "--format=stylish", "--max-problems=1000"], work.FullName);
            output.WriteLine(lint.Output);
            var problems = Regex.Matches(lint.Output, @"^\s*\d+:\d+\s+(error|warning)\s", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
            output.WriteLine($"{problems.Count(p => p == "error")} error(s), {problems.Count(p => p == "warning")} warning(s)");
            Assert.True(lint.ExitCode == 0 && !problems.Contains("error"), $"The linter found errors in the API document (exit {lint.ExitCode}):\n{lint.Output}");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Should_describe_every_api_endpoint_the_gateway_maps_and_nothing_else()
    {
        var document = await DocumentAsync();
        var mapped = Gateway.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && (p.StartsWith("/api/") || p.StartsWith("/soap/") || p.StartsWith("/health/")))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order().ToList();
        Assert.NotEmpty(mapped);
        var described = document.Operations.Select(o => $"{o.Method} {o.Template}").Order().ToList();
        Assert.Equal(mapped, described);
        output.WriteLine($"{described.Count} operations: {string.Join(", ", described)}");
        // Pages, the metrics scrape and the document itself stay out.
        Assert.DoesNotContain(document.Document["paths"]!.AsObject(), p => p.Key.StartsWith("/portal") || p.Key is "/metrics" or "/" or DocumentPath);
    }

    [Fact]
    public async Task Should_require_what_the_published_schemas_require()
    {
        var document = await DocumentAsync();
        Assert.NotEmpty(PublishedSchemaRules.Sources);
        foreach (var (type, (schema, path)) in PublishedSchemaRules.Sources)
        {
            var published = PublishedSchemaRules.PublishedObject(schema, path);
            var described = document.Component(SchemaNames.For(type));
            var what = $"{type.Name} ({schema}{string.Concat(path.Select(p => "/" + p))})";
            var required = Names(published["required"]);
            var documented = Names(described["required"]);
            if (type == typeof(Gateway.Host.Intake.ApplicationRequest))
            {
                // One item (itemCode, required by the published schema) or a bundle (bundleCode): exactly one of them.
                Assert.Equal(PublishedSchemaRules.ItemOrBundle, described["oneOf"]!.AsArray().Select(a => Names(a!["required"]).Single()));
                documented = [.. documented, PublishedSchemaRules.ItemOrBundle[0]];
            }
            Assert.True(required.Order().SequenceEqual(documented.Order()),
                $"{what}: the document requires {string.Join(", ", documented.Order())}; the published schema {string.Join(", ", required.Order())}");
            foreach (var (name, rule) in published["properties"]!.AsObject())
            {
                var property = described["properties"]?[name];
                Assert.True(property is not null, $"{what}: the published schema's property {name} is not in the document");
                if (rule!["enum"] is JsonArray values)
                    Assert.Equal(values.Select(v => v!.ToJsonString()), property!["enum"]!.AsArray().Select(v => v!.ToJsonString()));
            }
        }
    }

    [Fact]
    public async Task Should_give_request_examples_that_fit_their_schemas()
    {
        var document = await DocumentAsync();
        var examples = (from path in document.Document["paths"]!.AsObject()
                        from operation in path.Value!.AsObject()
                        from media in operation.Value!["requestBody"]?["content"]?.AsObject() ?? []
                        from example in media.Value!["examples"]?.AsObject() ?? []
                        select (What: $"{operation.Key.ToUpperInvariant()} {path.Key} example {example.Key}", Schema: media.Value!["schema"]!.AsObject(),
                            Value: example.Value!["value"]!)).ToList();
        Assert.Contains(examples, e => e.What == "POST /api/applications example item");
        Assert.Contains(examples, e => e.What == "POST /api/departments/{departmentCode}/events example licenceIssued");
        foreach (var (what, schema, value) in examples)
        {
            var results = document.Evaluate(schema, JsonSerializer.SerializeToElement(value));
            Assert.True(results.IsValid, $"{what} does not fit its schema: " +
                string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        }
    }

    [Fact]
    public async Task Should_serve_the_reference_page_reading_the_document_in_embedded_mode()
    {
        var (status, html) = await GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("openapi/v1.json", html);
        Assert.Contains("\"telemetry\":false", html);
        Assert.Equal(HttpStatusCode.OK, (await Gateway.Anonymous.GetAsync("/scalar/scalar.js")).StatusCode);   // served by the gateway itself
    }

    async Task<(HttpStatusCode, string)> GetAsync(string path)
    {
        var response = await Gateway.Anonymous.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    static IReadOnlyList<string> Names(JsonNode? array) => array?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Gateway.sln above {AppContext.BaseDirectory}");
    }

    static (int ExitCode, string Output) Run(string file, string[] arguments, string folder)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // No usage report and no look for a newer version: the gateway's tests reach nothing outside the machine.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
