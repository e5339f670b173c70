using Gateway.Mappings.Departments.MarketRegulation;
using Gateway.Mappings.Departments.PublicSecurity;
using Gateway.Mappings.Departments.SocialSecurity;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Mappings;

public static class MappingsServiceCollectionExtensions
{
    /// <summary>Registers one AutoMapper profile and one payload mapper per department.</summary>
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
        services.AddSingleton<IDepartmentPayloadMapper, GaPayloadMapper>();
        services.AddSingleton<IDepartmentPayloadMapper, RsPayloadMapper>();
        services.AddSingleton<DepartmentPayloadMappers>();
        return services;
    }
}
