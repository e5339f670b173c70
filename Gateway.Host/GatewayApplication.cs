using Gateway.Host.ApiDescription;
using Gateway.Host.Observability;
using Gateway.Host.Configuration;
using Gateway.Host.Channels;
using Gateway.Host.Departments.Profiles;
using System.Text.Json.Serialization;
using Gateway.Adapters;
using Gateway.Host.Bundles;
using Gateway.Host.Feed;
using Gateway.Host.JointTesting;
using Gateway.Host.Catalogue;
using Gateway.Host.Departments;
using Gateway.Host.Departments.Soap;
using Gateway.Host.Embedded;
using Gateway.Host.Health;
using Gateway.Host.Intake;
using Gateway.Host.Calendar;
using Gateway.Host.Deadlines;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Gateway.Host.Licences;
using Gateway.Host.Supervision;
using Gateway.Host.Messaging;
using Gateway.Host.Persistence;
using Gateway.Host.Portal;
using Gateway.Mappings;
using Microsoft.Extensions.Options;

namespace Gateway.Host;

/// <summary>Builds the gateway web application from its modules; used by the command line and by the tests.</summary>
public static class GatewayApplication
{
    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            // The portal's Razor Pages are found in the application's assembly, also when a test process hosts it.
            ApplicationName = typeof(GatewayApplication).Assembly.GetName().Name,
        });
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        Configuration.DemoConfiguration.AddIfDemo(builder.Configuration, builder.Configuration);

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // A request the server refused to read (too large, cut off) is the client's error: say what happened.
            if (ctx.Exception is BadHttpRequestException bad)
            {
                ctx.ProblemDetails.Status = bad.StatusCode;
                ctx.ProblemDetails.Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Bad request";
                ctx.ProblemDetails.Detail = bad.Message;
            }
        });
        builder.Services.AddValidatedOptions<IntakeOptions>(builder.Configuration, IntakeOptions.Section);
        builder.Services.AddSingleton<IntakeRateLimiter>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddValidatedOptions<SimulatorsOptions>(builder.Configuration, SimulatorsOptions.Section);
        builder.Services.AddValidatedOptions<DepartmentConnectionsOptions>(builder.Configuration, DepartmentConnectionsOptions.Section);
        builder.Services.AddSingleton<EmbeddedEndpoints>();
        builder.Services.AddSingleton<IPostConfigureOptions<DepartmentConnectionsOptions>>(sp => sp.GetRequiredService<EmbeddedEndpoints>());

        builder.AddGatewayPersistence();          // first: the schema is migrated before anything uses it
        builder.Services.AddSingleton<EmbeddedFeedEndpoint>();
        builder.Services.AddSingleton<EmbeddedSimulators>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EmbeddedSimulators>()); // before the bus: endpoints known before dispatching
        builder.AddCatalogue();
        builder.AddWorkingDayCalendar();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddValidatedOptions<DeadlineOptions>(builder.Configuration, DeadlineOptions.Section);
        builder.Services.AddSingleton<DeadlineBook>();
        builder.Services.AddSingleton<Gateway.Host.Supervision.SupervisionFigures>();
        builder.Services.AddSingleton<DeadlineWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineWatcher>());
        builder.AddDepartmentProfiles();
        builder.Services.AddDepartmentAdapters();
        builder.Services.AddSingleton<CaseKeyCache>();
        builder.Services.AddSingleton<DepartmentReportIntake>();
        builder.Services.AddSingleton<ReportGroupCommit>();
        builder.Services.AddSingleton<DispatchOutcomeGroupCommit>();
        builder.Services.AddSingleton<Gateway.Host.Departments.Soap.UsedNonceStore>();
        builder.Services.AddSingleton<Intake.IntakeGroupCommit>();
        builder.Services.AddValidatedOptions<LicenceOptions>(builder.Configuration, LicenceOptions.Section);
        builder.Services.AddSingleton<LicenceFiles>();
        builder.Services.AddSingleton<LicenceSigner>();
        builder.Services.AddValidatedOptions<Gateway.Host.JointTesting.JointTestOptions>(builder.Configuration, Gateway.Host.JointTesting.JointTestOptions.Section);
        builder.Services.AddValidatedOptions<Gateway.Host.Departments.FileDrop.FileDropOptions>(builder.Configuration, Gateway.Host.Departments.FileDrop.FileDropOptions.Section);
        builder.Services.AddHostedService<Gateway.Host.Departments.FileDrop.FileDropInbox>();
        builder.Services.AddValidatedOptions<Gateway.Host.Feed.FeedOptions>(builder.Configuration, Gateway.Host.Feed.FeedOptions.Section);
        builder.Services.AddHttpClient(Gateway.Host.Feed.FeedPusher.HttpClientName);
        builder.Services.AddSingleton<Gateway.Host.Feed.FeedSequencer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Gateway.Host.Feed.FeedSequencer>());
        builder.Services.AddHostedService<Gateway.Host.Feed.FeedPusher>();
        builder.AddGatewayMessaging();
        builder.AddGatewayObservability();
        builder.AddPortal();
        builder.AddChannels();
        builder.AddApiDescription();
        configure?.Invoke(builder);

        var app = builder.Build();
        ValidatedOptions.ValidateNow(app.Services);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGatewayHealth();
        app.MapGatewayObservability();
        app.MapRazorPages();
        app.MapCatalogue();
        app.MapIntake();
        app.MapCaseQueries();
        app.MapCorrections();
        app.MapOneTimeNotices();
        app.MapCaseActions();
        app.MapBundles();
        app.MapFeed();
        app.MapCrossRegionGate();
        app.MapIntakeFollowUps();
        app.MapSupervision();
        app.MapDepartmentEvents();
        app.MapSoapDepartmentReports();
        app.MapLicences();
        app.MapApiDescription();
        app.MapPublishedSchemas();
        app.MapGet("/", () => Results.Redirect("/api/catalogue/items")).ExcludeFromDescription();
        return app;
    }
}
