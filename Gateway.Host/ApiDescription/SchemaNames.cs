using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace Gateway.Host.ApiDescription;

/// <summary>
/// The names of the document's component schemas: the type's name, as ASP.NET Core's default; a type nested in a record or class
/// (not a static class of endpoints) carries that type's name before its own (<c>BundleView.Member</c> is <c>BundleViewMember</c>).
/// System.Text.Json's own types (a JSON value of any shape, such as an item's form fields) are not components: each stays where it is
/// used, with its own description.
/// </summary>
public static class SchemaNames
{
    public static string? For(JsonTypeInfo type) =>
        type.Type.Namespace?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true ? null
        : OpenApiOptions.CreateDefaultSchemaReferenceId(type) is { } id ? Qualified(type.Type, id) : null;

    /// <summary>The name of a type's schema among the components (a type that is not inlined).</summary>
    public static string For(Type type) => Qualified(type, type.Name);

    static string Qualified(Type type, string id) =>
        type.IsNested && type.DeclaringType is { } outer && !(outer.IsAbstract && outer.IsSealed) ? outer.Name + id : id;
}
