using System.Globalization;
using System.Text.Json;
using Fluid;
using Fluid.Values;
using Gateway.Mappings.CodeTables;

namespace Gateway.Mappings.Rendering;

/// <summary>
/// Parses and renders the profiles' Liquid templates (Fluid). Strict: an unknown variable, filter or model field fails the render.
/// Filters beyond standard Liquid: <c>code: 'table'</c> (the department's code for ours; none is an error), <c>beijing: 'format'</c>
/// (a UTC time as Beijing local time), <c>flag</c> (true → "1", false → "0"; <c>flag: 'Y', 'N'</c> for other words) and <c>json</c>
/// (the value as a JSON literal, written as is).
/// </summary>
public static class LiquidTemplates
{
    const string CodesKey = "codes";
    static readonly FluidParser Parser = new();
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;
    public static readonly TemplateOptions Options = CreateOptions();

    /// <summary>Parses a template; the error names the line and column.</summary>
    public static IFluidTemplate Parse(string text, string file)
    {
        if (Parser.TryParse(text, out var template, out var error)) return template;
        throw new TemplateException(file, LineOf(error), $"the template does not parse: {error.Split('\n')[0]}");
    }

    public static TemplateContext Context(IReadOnlyDictionary<string, FluidValue> model, CodeTable codes)
    {
        var context = new TemplateContext(Options);
        foreach (var (name, value) in model) context.SetValue(name, value);
        context.AmbientValues[CodesKey] = codes;
        return context;
    }

    static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { StrictFilters = true, CultureInfo = CultureInfo.InvariantCulture };
        // A variable the model does not have is an error (fields of model objects are checked by ModelObject itself).
        options.Undefined = name => name is "forloop" or "material" or "reply"
            ? new ValueTask<FluidValue>(NilValue.Instance)
            : throw new UnknownFieldException(name, ["dispatch", "application", "profile"]);
        options.Filters.AddFilter("code", (input, arguments, context) =>
        {
            var codes = (CodeTable)context.AmbientValues[CodesKey];
            var table = arguments.At(0).ToStringValue();
            return StringValue.Create(codes.Translate(table, input.IsNil() ? null : input.ToStringValue()));
        });
        options.Filters.AddFilter("beijing", (input, arguments, context) =>
        {
            if (input.IsNil()) return NilValue.Instance;
            var at = input.ToObjectValue() switch
            {
                DateTimeOffset o => o.UtcDateTime,
                DateTime t => t,
                var other => throw new FormatException($"beijing: '{other}' is not a time"),
            };
            return StringValue.Create(BeijingTime.Format(at, arguments.At(0).ToStringValue()));
        });
        options.Filters.AddFilter("flag", (input, arguments, context) =>
        {
            var yes = arguments.Count > 0 ? arguments.At(0).ToStringValue() : "1";
            var no = arguments.Count > 1 ? arguments.At(1).ToStringValue() : "0";
            return StringValue.Create(input.ToBooleanValue() ? yes : no);
        });
        options.Filters.AddFilter("json", (input, arguments, context) =>
            new StringValue(JsonSerializer.Serialize(Plain(input), Json), encode: false));
        return options;
    }

    /// <summary>A template value as the plain object the json filter serialises.</summary>
    static object? Plain(FluidValue value) => value switch
    {
        NilValue or EmptyValue => null,
        StringValue s => s.ToStringValue(),
        NumberValue n => n.ToNumberValue(),
        BooleanValue b => b.ToBooleanValue(),
        ArrayValue a => a.Values.Select(Plain).ToList(),
        ModelObject { Source: { } source } => source,
        ModelObject o => o.Fields.ToDictionary(f => f.Key, f => Plain(f.Value)),
        _ => value.ToObjectValue(),
    };

    /// <summary>The line of a parser message "… at (line:column)".</summary>
    static int LineOf(string error)
    {
        var at = error.IndexOf(" at (", StringComparison.Ordinal);
        if (at < 0) return 0;
        var colon = error.IndexOf(':', at);
        return colon > at + 5 && int.TryParse(error[(at + 5)..colon], CultureInfo.InvariantCulture, out var line) ? line : 0;
    }
}
