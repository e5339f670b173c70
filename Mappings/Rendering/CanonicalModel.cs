using System.Globalization;
using System.Text.Json;
using Fluid.Values;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;

namespace Gateway.Mappings.Rendering;

/// <summary>
/// The canonical dispatch as templates see it (documented in docs/departments.md):
/// <c>dispatch</c> {id, attempt, caseNo, itemCode, departmentCode, submittedAt, correctionRound, withdrawn, withdrawalReason,
/// decidedAtWindow, preReview, redelivery}, <c>application</c> {itemCode, simulated, applicant {kind, name, idType, idNumber, phone},
/// applyingWindow {regionCode, windowId}, materials [{code, name, medium, sha256, contentBase64, reference}], formData {…},
/// formFields [{name, text}], delivery {method, address}} and <c>profile</c> {department, version}.
/// </summary>
public static class CanonicalModel
{
    /// <summary>Every field path of the model (lists as <c>[]</c>), for checks and documentation.</summary>
    public static IReadOnlyList<string> FieldPaths { get; } = Describe();

    public static IReadOnlyDictionary<string, FluidValue> For(DispatchToDepartment d, string department, string profileVersion) => new Dictionary<string, FluidValue>
    {
        ["dispatch"] = Object("dispatch", d, new()
        {
            ["id"] = S(d.DispatchId), ["attempt"] = NumberValue.Create(d.Attempt), ["caseNo"] = S(d.CaseNo), ["itemCode"] = S(d.ItemCode),
            ["departmentCode"] = S(d.DepartmentCode), ["submittedAt"] = new DateTimeValue(new DateTimeOffset(DateTime.SpecifyKind(d.SubmittedAt, DateTimeKind.Utc))),
            ["correctionRound"] = NumberValue.Create(d.CorrectionRound), ["withdrawn"] = BooleanValue.Create(d.IsWithdrawal),
            ["withdrawalReason"] = S(d.WithdrawalReason), ["decidedAtWindow"] = BooleanValue.Create(d.DecidedAtWindow),
            ["preReview"] = BooleanValue.Create(d.PreReview), ["redelivery"] = NumberValue.Create(d.Redelivery),
        }),
        ["application"] = Application(d.Application),
        ["profile"] = Object("profile", null, new() { ["department"] = S(department), ["version"] = S(profileVersion) }),
    };

    static ModelObject Application(CanonicalApplication a) => Object("application", a, new()
    {
        ["itemCode"] = S(a.ItemCode), ["simulated"] = BooleanValue.Create(a.Simulated),
        ["applicant"] = Object("application.applicant", a.Applicant, new()
        {
            ["kind"] = S(a.Applicant.Kind), ["name"] = S(a.Applicant.Name), ["idType"] = S(a.Applicant.IdType), ["idNumber"] = S(a.Applicant.IdNumber),
            ["phone"] = S(a.Applicant.Phone),
        }),
        ["applyingWindow"] = Object("application.applyingWindow", a.ApplyingWindow, new()
        {
            ["regionCode"] = S(a.ApplyingWindow.RegionCode), ["windowId"] = S(a.ApplyingWindow.WindowId),
        }),
        ["materials"] = new ArrayValue(a.Materials.Select(Material).ToArray()),
        ["formData"] = Object("application.formData", a.FormData, a.FormData.ToDictionary(f => f.Key, f => Value(f.Value)), strict: false),
        ["formFields"] = new ArrayValue(a.FormData.Select(f => (FluidValue)Object("application.formFields[]", null, new()
        {
            ["name"] = S(f.Key), ["text"] = S(Text(f.Value)),
        })).ToArray()),
        ["delivery"] = Object("application.delivery", a.Delivery, new() { ["method"] = S(a.Delivery.Method), ["address"] = S(a.Delivery.Address) }),
    });

    static FluidValue Material(SubmittedMaterial m) => Object("application.materials[]", m, new()
    {
        ["code"] = S(m.Code), ["name"] = S(m.Name), ["medium"] = S(m.Medium), ["sha256"] = S(m.Sha256), ["contentBase64"] = S(m.ContentBase64),
        ["reference"] = S(m.Reference),
    });

    /// <summary>A form value as text: a string as itself, anything else as its JSON.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement e => e.GetRawText(),
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value, JsonSerializerOptions.Web),
    };

    /// <summary>A form value (free-form JSON) as a template value.</summary>
    static FluidValue Value(object? value) => value switch
    {
        null => NilValue.Instance,
        JsonElement e => e.ValueKind switch
        {
            JsonValueKind.String => S(e.GetString()),
            JsonValueKind.Number => NumberValue.Create(e.GetDecimal()),
            JsonValueKind.True => BooleanValue.True,
            JsonValueKind.False => BooleanValue.False,
            JsonValueKind.Object => Object("application.formData.*", e, e.EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value)), strict: false),
            JsonValueKind.Array => new ArrayValue(e.EnumerateArray().Select(x => Value(x)).ToArray()),
            _ => NilValue.Instance,
        },
        string s => S(s),
        bool b => BooleanValue.Create(b),
        int or long or decimal or double => NumberValue.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
        _ => S(Text(value)),
    };

    static FluidValue S(string? s) => s is null ? NilValue.Instance : StringValue.Create(s);

    static ModelObject Object(string path, object? source, Dictionary<string, FluidValue> fields, bool strict = true) =>
        strict ? new ModelObject(path, fields, source) : new ModelObject(path, new LenientFields(fields), source);

    static IReadOnlyList<string> Describe()
    {
        var sample = For(new DispatchToDepartment(Guid.Empty, "", "", 1, "", "", DateTime.UtcNow, new CanonicalApplication
        {
            IdempotencyKey = "", ItemCode = "", Applicant = new Applicant { Kind = "", Name = "", IdType = "", IdNumber = "" },
            ApplyingWindow = new ApplyingWindow { RegionCode = "", WindowId = "" }, Delivery = new DeliveryPreference { Method = "" },
            Materials = [new SubmittedMaterial { Code = "", Name = "", Medium = "" }],
            FormData = new Dictionary<string, object?> { ["x"] = null },
        }), "", "");
        var paths = new List<string>();
        void Walk(string prefix, FluidValue value)
        {
            switch (value)
            {
                case ModelObject { Fields: not LenientFields } o:
                    foreach (var (k, v) in o.Fields) Walk(prefix.Length == 0 ? k : $"{prefix}.{k}", v);
                    break;
                case ArrayValue a:
                    paths.Add(prefix + "[]");
                    foreach (var item in a.Values.Take(1)) Walk(prefix + "[]", item);
                    break;
                default:
                    paths.Add(prefix);
                    break;
            }
        }
        foreach (var (k, v) in sample) Walk(k, v);
        return paths;
    }

    /// <summary>Fields of a free-form map (form data): any name may be asked for; one not present is nil.</summary>
    sealed class LenientFields(Dictionary<string, FluidValue> inner) : Dictionary<string, FluidValue>(inner), IReadOnlyDictionary<string, FluidValue>
    {
        bool IReadOnlyDictionary<string, FluidValue>.TryGetValue(string key, out FluidValue value)
        {
            if (!TryGetValue(key, out value!)) value = NilValue.Instance;
            return true;
        }
    }
}
