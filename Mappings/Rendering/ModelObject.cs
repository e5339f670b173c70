using System.Globalization;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;

namespace Gateway.Mappings.Rendering;

/// <summary>
/// An object of the canonical model as templates see it: its fields are fixed, and a template naming a field it does not have fails
/// (<see cref="UnknownFieldException"/>) instead of rendering nothing. <see cref="Source"/> is what the <c>json</c> filter writes.
/// </summary>
public sealed class ModelObject(string path, IReadOnlyDictionary<string, FluidValue> fields, object? source) : FluidValue
{
    public string Path { get; } = path;
    public IReadOnlyDictionary<string, FluidValue> Fields { get; } = fields;
    public object? Source { get; } = source;

    public override FluidValues Type => FluidValues.Object;

    public override ValueTask<FluidValue> GetValueAsync(string name, TemplateContext context) => new(Get(name));

    FluidValue Get(string name)
    {
        if (Fields.TryGetValue(name, out var value)) return value;
        if (name == "size") return NumberValue.Create(Fields.Count);
        throw new UnknownFieldException($"{Path}.{name}", Fields.Keys);
    }

    public override ValueTask<FluidValue> GetIndexAsync(FluidValue index, TemplateContext context) => new(Get(index.ToStringValue()));

    public override bool Equals(FluidValue other) => ReferenceEquals(this, other);
    public override bool ToBooleanValue() => true;
    public override decimal ToNumberValue() => 0;
    public override string ToStringValue() => Path;
    public override object ToObjectValue() => Source ?? this;

    public override ValueTask WriteToAsync(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo) =>
        throw new UnknownFieldException(Path + " (an object: write one of its fields, or pass it through the json filter)", Fields.Keys);

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
