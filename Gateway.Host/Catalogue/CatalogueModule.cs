using Microsoft.AspNetCore.Http.HttpResults;

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
        app.MapGet("/api/catalogue/items", (ServiceCatalogue catalogue) => TypedResults.Ok(catalogue.Items.Select(CatalogueItemView.Of)))
            .WithTags("Catalogue").WithName("listItems")
            .WithSummary("事项清单 / Catalogue items")
            .WithDescription("Every item (事项) of the catalogue: code, version, owning department, case type, legal and promised limits in working " +
                             "days, steps, delivery methods and material list (清单之外无事项). Open to anyone.");
        app.MapGet("/api/catalogue/items/{code}", Results<Ok<CatalogueItemView>, ProblemHttpResult> (string code, ServiceCatalogue catalogue) =>
                catalogue.Item(code) is { } item
                    ? TypedResults.Ok(CatalogueItemView.Of(item))
                    : TypedResults.Problem(statusCode: 404, title: "Unknown item", detail: $"No item {code} is in the catalogue"))
            .WithTags("Catalogue").WithName("getItem")
            .WithSummary("查询事项 / A catalogue item")
            .WithDescription("The item's version in force today. 404 when the catalogue has no such item.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/catalogue/bundles", (ServiceCatalogue catalogue) => TypedResults.Ok(catalogue.Bundles)).WithTags("Catalogue")
            .WithName("listCatalogueBundles")
            .WithSummary("一件事清单 / \"One thing\" bundles")
            .WithDescription("The bundles (高效办成一件事): member items with their dependencies (前置事项), the combined form (each field with the member " +
                             "fields it fills) and the combined material list (each material with the member materials it stands for; `producedBy`: " +
                             "the result of a member, passed on to the members depending on it, not asked of the applicant).");
        app.MapGet("/api/departments", (ServiceCatalogue catalogue) =>
                TypedResults.Ok(catalogue.Departments.Select(d => new DepartmentSummary(d.Code, d.Name, d.Protocol))))
            .WithTags("Catalogue").WithName("listDepartments")
            .WithSummary("部门清单 / Departments")
            .WithDescription("Departments with code, name and the protocol the gateway reaches them over: `rest`, `soap`, `filedrop` or `manual` " +
                             "(no system: clerks work the portal's inbox).");
        return app;
    }
}
