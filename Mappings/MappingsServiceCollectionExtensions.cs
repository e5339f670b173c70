using Gateway.Mappings.Profiles;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Mappings;

public static class MappingsServiceCollectionExtensions
{
    /// <summary>Loads every department profile under <paramref name="profilesFolder"/> once, for the adapters, the file-drop inbox and the checks.</summary>
    public static IServiceCollection AddDepartmentProfiles(this IServiceCollection services, string profilesFolder)
    {
        services.AddSingleton(_ => new DepartmentProfiles(profilesFolder));
        return services;
    }
}
