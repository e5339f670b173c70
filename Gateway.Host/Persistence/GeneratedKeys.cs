using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Gateway.Host.Persistence;

/// <summary>
/// Keys the database generates (identity columns) on an entity that is added again after a failed attempt: the attempt may have set
/// them (the save read them back before the transaction failed), and an entity added with its key set would be inserted under that key.
/// </summary>
public static class GeneratedKeys
{
    /// <summary>Puts the generated parts of <paramref name="entity"/>'s key back to "not set"; returns the entity.</summary>
    public static T Cleared<T>(DbContext db, T entity) where T : class
    {
        var key = db.Model.FindEntityType(entity.GetType())?.FindPrimaryKey();
        if (key is null) return entity;
        foreach (var property in key.Properties)
            if (property.ValueGenerated.HasFlag(ValueGenerated.OnAdd) && property.PropertyInfo is { CanWrite: true } info)
                info.SetValue(entity, property.Sentinel);
        return entity;
    }
}
