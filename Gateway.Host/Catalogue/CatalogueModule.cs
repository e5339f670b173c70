namespace Gateway.Host.Catalogue;

/// <summary>Configuration section <c>Catalogue</c>.</summary>
public sealed class CatalogueOptions
{
    public const string Section = "Catalogue";
    /// <summary>Path of the catalogue file; relative paths are taken from the application's folder.</summary>
    public string Path { get; set; } = "Data/catalogue.json";
}

public static class CatalogueModule
{
    public static IHostApplicationBuilder AddCatalogue(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(CatalogueOptions.Section).Get<CatalogueOptions>() ?? new CatalogueOptions();
        var path = DataFiles.Resolve(options.Path);
        var loaded = ServiceCatalogue.Load(path);   // a catalogue that breaks a rule stops the start-up here, with every problem listed
        builder.Properties[typeof(ServiceCatalogue)] = loaded;
        builder.Services.AddSingleton(sp => loaded.WithClock(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }

    /// <summary>The catalogue <see cref="AddCatalogue"/> loaded, for modules that check against it while the host is built.</summary>
    public static ServiceCatalogue LoadedCatalogue(this IHostApplicationBuilder builder) =>
        builder.Properties.TryGetValue(typeof(ServiceCatalogue), out var loaded)
            ? (ServiceCatalogue)loaded
            : throw new InvalidOperationException("AddCatalogue must come before the modules that read the catalogue");

    public static IEndpointRouteBuilder MapCatalogue(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/catalogue/items", (ServiceCatalogue catalogue) => TypedResults.Ok(catalogue.Items.Select(Describe)))
            .WithTags("Catalogue");
        app.MapGet("/api/catalogue/items/{code}", Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<object>, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult> (string code, ServiceCatalogue catalogue) =>
                catalogue.Item(code) is { } item
                    ? TypedResults.Ok<object>(Describe(item))
                    : TypedResults.Problem(statusCode: 404, title: "Unknown item", detail: $"No item {code} is in the catalogue"))
            .WithTags("Catalogue");
        app.MapGet("/api/catalogue/bundles", (ServiceCatalogue catalogue) => TypedResults.Ok(catalogue.Bundles)).WithTags("Catalogue");
        app.MapGet("/api/departments", (ServiceCatalogue catalogue) =>
                TypedResults.Ok(catalogue.Departments.Select(d => new { d.Code, d.Name, d.Protocol })))
            .WithTags("Catalogue");
        return app;
    }

    static object Describe(ServiceItem i) => new
    {
        i.Code,
        i.Version,
        i.Name,
        i.DepartmentCode,
        i.CaseType,
        CaseTypeCode = Gateway.Contracts.Status.CaseTypeCodes.FromName(i.CaseType),
        i.LegalDays,
        i.PromisedDays,
        i.LicenceType,
        i.EffectiveFrom,
        i.CommitmentAllowed,
        DeliveryMethods = i.DeliveryMethods ?? Gateway.Contracts.Applications.DeliveryMethods.All,
        i.Steps,
        Materials = i.Materials.Select(m => new { m.Code, m.Name, m.Required, m.Medium, m.Copies, m.ToleranceAllowed, m.SupplementDays, m.PaperArchive, m.Sample }),
    };
}
