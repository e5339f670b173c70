using Gateway.Adapters.Rest;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Adapters;

public static class AdaptersServiceCollectionExtensions
{
    /// <summary>Registers the department adapters and the resilience pipelines they share.</summary>
    public static IServiceCollection AddDepartmentAdapters(this IServiceCollection services)
    {
        services.AddHttpClient(HttpDepartmentAdapter.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<DepartmentResiliencePipelines>();
        services.AddSingleton<IDepartmentAdapter, RestDepartmentAdapter>();
        services.AddSingleton<IDepartmentAdapter, Soap.SoapDepartmentAdapter>();
        services.AddSingleton<IDepartmentAdapter, FileDrop.FileDropDepartmentAdapter>();
        services.AddSingleton<IDepartmentAdapter, ManualInbox.ManualInboxAdapter>(); // needs an IManualInbox from the host
        services.AddSingleton<DepartmentAdapters>();
        return services;
    }
}
