using System.Text.Json;
using System.Xml;
using Fluid;
using Gateway.Contracts.Messages;
using Gateway.Mappings.CodeTables;
using Gateway.Mappings.Files;
using Gateway.Mappings.Rendering;

namespace Gateway.Mappings.Profiles;

/// <summary>
/// One department's wire dialect, built from its profile: renders a canonical dispatch into the body its system takes (every value
/// through the content type's encoder, the whole body parsed and checked against the schema, then encoded strictly), and reads its
/// reply back. Nothing here is specific to a department.
/// </summary>
public sealed class ProfileMapper
{
    readonly Dictionary<string, IFluidTemplate> _templates = new(StringComparer.Ordinal);
    readonly IFluidTemplate? _defaultTemplate;
    readonly BodySchema? _schema;
    readonly ReplyReader? _reply;

    public DepartmentProfile Profile { get; }
    public CodeTable Codes { get; }
    public string DepartmentCode => Profile.Department;
    public BodyFormat Format { get; }
    public FileDialect? File { get; }
    public string? SoapAction => Profile.Soap?.Action;

    /// <summary>Builds the mapper; throws <see cref="TemplateException"/> (file and line) for a template or schema that cannot be read.</summary>
    public ProfileMapper(DepartmentProfile profile)
    {
        Profile = profile;
        var codesFile = profile.CodeTables!;
        try
        {
            Codes = System.IO.File.Exists(codesFile) ? CodeTable.Load(profile.Department, codesFile) : CodeTable.Empty(profile.Department);
        }
        catch (JsonException ex)
        {
            throw new TemplateException(codesFile, (int)(ex.LineNumber ?? -1) + 1, $"the code tables are not {{ table: {{ ours: theirs }} }}: {ex.Message.Split(" Path:")[0]}");
        }
        var request = profile.Request ?? new RequestSpec();
        Format = BodyFormat.For(request.ContentType) ?? throw new TemplateException(profile.Source.ProfileFile, 0,
            $"request.contentType '{request.ContentType}' is not one of application/json, text/xml, text/csv");
        if (request.Template is { } t) _defaultTemplate = Parse(t);
        foreach (var (item, template) in request.Items) _templates[item] = Parse(template);
        if (request.Schema is { } schema)
        {
            try
            {
                _schema = BodySchema.Load(schema);
            }
            catch (Exception ex) when (ex is IOException or JsonException or XmlException or System.Xml.Schema.XmlSchemaException or FormatException)
            {
                throw new TemplateException(schema, (ex as XmlException)?.LineNumber ?? 0, $"the request schema cannot be read: {ex.Message}");
            }
        }
        if (profile.Reply is { } reply) _reply = new ReplyReader(profile.Department, reply);
        if (profile.File is { } fileSpec) File = new FileDialect(profile.Department, fileSpec, Codes, profile.Source.ProfileFile);
    }

    static IFluidTemplate Parse(string file)
    {
        if (!System.IO.File.Exists(file)) throw new TemplateException(file, 0, "the template file does not exist");
        return LiquidTemplates.Parse(System.IO.File.ReadAllText(file), file);
    }

    /// <summary>Whether an item has a template (its own or the default one).</summary>
    public bool HasTemplateFor(string itemCode) => _templates.ContainsKey(itemCode) || _defaultTemplate is not null || File is not null;

    /// <summary>The template file an item's dispatch is rendered with.</summary>
    public string? TemplateFileFor(string itemCode) =>
        Profile.Request?.Items.TryGetValue(itemCode, out var file) == true ? file : Profile.Request?.Template;

    /// <summary>
    /// The dispatch as the department's system takes it. Throws <see cref="DispatchRenderingException"/> for a code the tables lack,
    /// a character the encoding cannot hold, a field the model lacks, or a body that does not parse or fails its schema.
    /// </summary>
    public RenderedBody Render(DispatchToDepartment dispatch)
    {
        var model = CanonicalModel.For(dispatch, Profile.Department, Profile.Version);
        try
        {
            if (File is not null) return File.Write(dispatch, model, Profile.Version);
            var template = _templates.GetValueOrDefault(dispatch.ItemCode) ?? _defaultTemplate
                           ?? throw new DispatchRenderingException($"Department {DepartmentCode}'s profile has no template for item {dispatch.ItemCode}");
            var text = template.Render(LiquidTemplates.Context(model, Codes), Format.Encoder);
            Format.Check(text, _schema);
            var encodingName = Profile.Request?.Encoding ?? "utf-8";
            var encoding = StrictEncodings.Get(encodingName);
            var bytes = StrictEncodings.Encode(encoding, text, $"the dispatch to {DepartmentCode}", encodingName);
            return new RenderedBody(text, bytes, Format.ContentType, encoding.WebName, Profile.Version);
        }
        catch (CodeNotMappedException ex)
        {
            throw new DispatchRenderingException(ex.Message, ex);
        }
        catch (UnknownFieldException ex)
        {
            throw new DispatchRenderingException($"Department {DepartmentCode}'s template {TemplateFileFor(dispatch.ItemCode)}: {ex.Message}", ex);
        }
    }

    /// <summary>Reads the department's synchronous reply; throws <see cref="UnreadableReplyException"/> for anything else.</summary>
    public DepartmentReply ReadReply(string body) =>
        _reply?.Read(body) ?? new DepartmentReply(true, null, null); // a department that gives no reply took what it was sent
}
