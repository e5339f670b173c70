using Gateway.Mappings.Departments.MarketRegulation;
using Gateway.Mappings.Departments.PublicSecurity;
using Gateway.Mappings.Departments.SocialSecurity;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Mappings;

public static class MappingsServiceCollectionExtensions
{
    /// <summary>Registers one AutoMapper profile and one payload mapper per department (WJW: its own configuration of SCJG's interface).</summary>
    public static IServiceCollection AddDepartmentMappings(this IServiceCollection services, string? autoMapperLicenseKey)
    {
        services.AddAutoMapper(cfg =>
        {
            if (!string.IsNullOrWhiteSpace(autoMapperLicenseKey)) cfg.LicenseKey = autoMapperLicenseKey;
            cfg.AddProfile<ScjgProfile>();
            cfg.AddProfile<GaProfile>();
            cfg.AddProfile<RsProfile>();
        });
        services.AddSingleton<IDepartmentPayloadMapper, ScjgPayloadMapper>();
        services.AddSingleton<IDepartmentPayloadMapper>(sp => new WjwPayloadMapper(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(),
            autoMapperLicenseKey));
        services.AddSingleton<IDepartmentPayloadMapper, GaPayloadMapper>();
        services.AddSingleton<IDepartmentPayloadMapper, RsPayloadMapper>();
        services.AddSingleton<DepartmentPayloadMappers>();
        return services;
    }
}
