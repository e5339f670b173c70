using Fluid;
using Fluid.Values;
using Gateway.Mappings.Profiles;
using Gateway.Mappings.Rendering;

namespace Gateway.Simulators.Common;

/// <summary>
/// The simulated department's synchronous replies: its profile's reply template (model <c>reply.code</c>, <c>reply.message</c>,
/// <c>reply.reference</c>) with the codes its profile names (<c>simulator.codes</c>: taken, refused, unknownItem, badHash, badRequest,
/// unauthorised, transient).
/// </summary>
public sealed class SimulatorReplies
{
    readonly IFluidTemplate _template;
    readonly ProfileMapper _profile;
    readonly BodyFormat _format;

    public SimulatorReplies(ProfileMapper profile)
    {
        _profile = profile;
        var spec = profile.Profile.Simulator ?? throw new InvalidOperationException($"The profile of {profile.DepartmentCode} has no simulator section");
        var file = spec.Replies.GetValueOrDefault("reply") ?? throw new InvalidOperationException($"The profile of {profile.DepartmentCode} has no simulator.replies.reply");
        _template = LiquidTemplates.Parse(File.ReadAllText(file), file);
        _format = profile.Profile.Reply?.Format == "xml" ? BodyFormat.Xml : BodyFormat.Json;
        Codes = spec.Codes;
    }

    public IReadOnlyDictionary<string, string> Codes { get; }

    /// <summary>The code the profile gives an outcome, or a fallback.</summary>
    public string Code(string outcome, string fallback) => Codes.GetValueOrDefault(outcome, fallback);

    public string Render(string code, string message, string? reference)
    {
        var model = new Dictionary<string, FluidValue>
        {
            ["reply"] = new ModelObject("reply", new Dictionary<string, FluidValue>
            {
                ["code"] = StringValue.Create(code), ["message"] = StringValue.Create(message),
                ["reference"] = reference is null ? NilValue.Instance : StringValue.Create(reference),
            }, null),
        };
        return _template.Render(LiquidTemplates.Context(model, _profile.Codes), _format.Encoder);
    }
}
