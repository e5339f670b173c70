using System.Text.Json;
using System.Xml;
using Gateway.Contracts.Departments;
using Gateway.Mappings.Rendering;

namespace Gateway.Mappings.Profiles;

/// <summary>
/// Checks the department profiles against the catalogue (the rules of <c>departments check</c>, listed in docs/departments.md):
/// every non-manual department has a profile of its protocol; every item a template; code tables complete and unambiguous per item;
/// every template renders, parses and passes its schema for every dispatch shape the sagas send, naming only fields of the
/// canonical model; reply paths are valid and the department's samples read as they should. Each problem names file and line.
/// </summary>
public static class ProfileChecker
{
    static readonly string[] KnownSettings =
    [
        "Endpoint", "OutboundApiKey", "OutboundUsername", "OutboundPassword", "OutboundFolder", "InboundFolder", "CallbackSecret",
    ];

    public static IReadOnlyList<ProfileProblem> Check(DepartmentProfiles profiles, CatalogueView catalogue, string? onlyDepartment = null)
    {
        var problems = new List<ProfileProblem>();
        bool Wanted(string code) => onlyDepartment is null || code.Equals(onlyDepartment, StringComparison.OrdinalIgnoreCase);
        problems.AddRange(profiles.Problems.Where(p => onlyDepartment is null || p.File.Contains(Path.DirectorySeparatorChar + onlyDepartment + Path.DirectorySeparatorChar)
                                                       || p.Rule == "folder"));

        foreach (var department in catalogue.Departments.Where(d => Wanted(d.Code)))
        {
            var needsProfile = department.Protocol != "manual";
            if (!profiles.Has(department.Code))
            {
                if (needsProfile && !problems.Any(p => p.File.Contains(Path.DirectorySeparatorChar + department.Code + Path.DirectorySeparatorChar)))
                    problems.Add(new ProfileProblem(Path.Combine(profiles.Root, department.Code, ProfileLoader.ProfileFileName), 0, "profile-missing",
                        $"department {department.Code} uses protocol '{department.Protocol}' but has no profile"));
                continue;
            }
            var mapper = profiles.For(department.Code);
            var loaded = profiles.Loaded(department.Code);
            var profile = mapper.Profile;
            if (!needsProfile || profile.Protocol != department.Protocol)
            {
                var (f, line) = loaded.Origin("protocol");
                problems.Add(new ProfileProblem(f, line, "protocol",
                    $"the profile says protocol '{profile.Protocol}' but the catalogue says '{department.Protocol}' for {department.Code}"));
                continue;
            }
            problems.AddRange(CheckOne(mapper, loaded, catalogue.Items.Where(i => i.DepartmentCode == department.Code).ToList()));
        }

        foreach (var mapper in profiles.All.Where(m => Wanted(m.DepartmentCode) && !catalogue.Departments.Any(d => d.Code == m.DepartmentCode)))
        {
            var (f, line) = profiles.Loaded(mapper.DepartmentCode).Origin("department");
            problems.Add(new ProfileProblem(f, line, "protocol", $"department {mapper.DepartmentCode} is not in the catalogue"));
        }
        return problems;
    }

    static IEnumerable<ProfileProblem> CheckOne(ProfileMapper mapper, LoadedProfile loaded, IReadOnlyList<CatalogueView.ItemEntry> items)
    {
        var profile = mapper.Profile;
        var codesFile = profile.CodeTables!;
        var codeLines = File.Exists(codesFile) ? JsonLineMap.Of(File.ReadAllBytes(codesFile)) : null;
        ProfileProblem At(string path, string rule, string message)
        {
            var (f, line) = loaded.Origin(path);
            return new ProfileProblem(f, line, rule, message);
        }
        ProfileProblem InCodes(string path, string rule, string message) => new(codesFile, codeLines?.LineOf(path) ?? 0, rule, message);

        foreach (var (setting, i) in profile.Settings.Select((s, i) => (s, i)))
            if (!KnownSettings.Contains(setting))
                yield return At($"settings[{i}]", "settings", $"'{setting}' is not a department setting (known: {string.Join(", ", KnownSettings)})");

        if (profile.Protocol == "soap" && string.IsNullOrWhiteSpace(profile.Soap?.Action))
            yield return At("soap", "soap", "a SOAP department needs soap.action (the SOAPAction of its dispatch operation)");
        if (profile.Protocol == "filedrop" && profile.File is null)
            yield return At("protocol", "file", "a file-drop department needs a file dialect (file)");
        if (profile.Protocol != "filedrop" && profile.Reply is null)
            yield return At("protocol", "reply", "a department with a synchronous reply needs reply (how to read it)");

        if (profile.Reply is { } reply)
        {
            var paths = new[] { ("reply.outcome", reply.Outcome), ("reply.reference", reply.Reference), ("reply.message", reply.Message) };
            foreach (var (path, value) in paths.Where(p => p.Item2 is not null))
            {
                var problem = reply.Format == "xml" ? ReadableDocument.XPathProblem(value!, reply.Namespaces) : ReadableDocument.JsonPathProblem(value!);
                if (problem is not null) yield return At(path, "reply-path", $"'{value}' is not a valid {(reply.Format == "xml" ? "XPath" : "JSON path")}: {problem}");
            }
            if (reply.Taken.Count == 0) yield return At("reply.taken", "reply-path", "reply.taken lists no outcome code meaning the case was taken");
        }

        // Code tables: complete and unambiguous per item.
        var itemTable = mapper.Codes.Tables.GetValueOrDefault("item");
        foreach (var item in items)
        {
            if (itemTable is null || !itemTable.ContainsKey(item.Code))
                yield return InCodes("item", "code-complete", $"item {item.Code} has no code in the 'item' table");
            var materialTable = mapper.Codes.Tables.GetValueOrDefault("material");
            var theirs = new Dictionary<string, string>();
            foreach (var material in item.Materials)
            {
                if (materialTable is null || !materialTable.TryGetValue(material, out var code))
                {
                    yield return InCodes("material", "code-complete", $"material {material} of item {item.Code} has no code in the 'material' table");
                    continue;
                }
                if (theirs.TryGetValue(code, out var other))
                    yield return InCodes($"material.{material}", "code-ambiguous",
                        $"materials {other} and {material} of item {item.Code} both map to '{code}': a correction naming it could not be read back");
                else theirs[code] = material;
            }
        }
        foreach (var table in new[] { "item", profile.File?.Result.TypeTable }.OfType<string>())
        {
            if (!mapper.Codes.Tables.TryGetValue(table, out var entries)) continue;
            foreach (var group in entries.GroupBy(e => e.Value).Where(g => g.Count() > 1))
                yield return InCodes($"{table}.{group.Last().Key}", "code-ambiguous",
                    $"{string.Join(" and ", group.Select(g => g.Key))} all map to '{group.Key}' in the '{table}' table: it could not be read back");
        }
        if (profile.File is { } file)
        {
            var types = mapper.Codes.Tables.GetValueOrDefault(file.Result.TypeTable);
            foreach (var type in DepartmentEventTypes.All.Where(t => types is null || !types.ContainsKey(t)))
                yield return InCodes(file.Result.TypeTable, "code-complete", $"report type '{type}' has no code in the '{file.Result.TypeTable}' table");
            var columns = file.Result.Columns;
            foreach (var (name, column) in ResultFields(file.Result).Where(c => c.Column is not null && !columns.Contains(c.Column)))
                yield return At($"file.result.{name}", "file", $"file.result.{name} names column '{column}', which file.result.columns lacks");
        }

        // Every item has a template, and every shape of dispatch renders, parses and validates.
        foreach (var item in items)
        {
            if (!mapper.HasTemplateFor(item.Code))
            {
                yield return At("request", "item-template", $"item {item.Code} has no template (request.items.{item.Code} or request.template)");
                continue;
            }
            var reported = new HashSet<string>();
            foreach (var (shape, dispatch) in SyntheticDispatches.For(item))
            {
                ProfileProblem? problem = null;
                try
                {
                    mapper.Render(dispatch);
                }
                catch (DispatchRenderingException ex)
                {
                    var template = mapper.TemplateFileFor(item.Code) ?? loaded.Profile.Source.ProfileFile;
                    problem = ex.InnerException is UnknownFieldException unknown
                        ? new ProfileProblem(template, LineMentioning(template, unknown.FieldPath), "unknown-field", unknown.Message)
                        : new ProfileProblem(template, 0, "render", $"item {item.Code}, dispatch '{shape}': {ex.Message}");
                }
                if (problem is not null && reported.Add(problem.Rule + problem.Message.Split(", dispatch")[0])) yield return problem;
            }
        }

        foreach (var (sample, i) in profile.Samples.Select((s, i) => (s, i)))
        {
            if (sample.Request is { } request)
            {
                string? why = null;
                try
                {
                    mapper.Format.Check(File.ReadAllText(request), profile.Request?.Schema is { } s ? BodySchema.Load(s) : null);
                }
                catch (Exception ex) when (ex is DispatchRenderingException or IOException)
                {
                    why = ex.Message;
                }
                if (why is not null) yield return At($"samples[{i}].request", "sample", $"sample request {Path.GetFileName(request)}: {why}");
            }
            if (sample.Reply is { } replyFile)
            {
                string? why = null;
                try
                {
                    var read = mapper.ReadReply(File.ReadAllText(replyFile));
                    var got = read.Taken ? "taken" : read.Transient ? "transient" : "refused";
                    if (sample.Expect is { } expect && expect != got) why = $"read as {got}, the sample says {expect}";
                }
                catch (Exception ex) when (ex is UnreadableReplyException or IOException or JsonException or XmlException)
                {
                    why = ex.Message;
                }
                if (why is not null) yield return At($"samples[{i}].reply", "sample", $"sample reply {Path.GetFileName(replyFile)}: {why}");
            }
        }
    }

    static IEnumerable<(string Name, string? Column)> ResultFields(ResultSpec r) =>
    [
        ("eventId", r.EventId), ("caseNo", r.CaseNo), ("type", r.Type), ("occurredAt", r.OccurredAt), ("noticeNo", r.NoticeNo), ("reasons", r.Reasons),
        ("licenceNo", r.LicenceNo), ("licenceType", r.LicenceType), ("holderName", r.HolderName), ("holderIdNumber", r.HolderIdNumber),
        ("validFrom", r.ValidFrom), ("validUntil", r.ValidUntil),
    ];

    /// <summary>The first line of a template naming the field's last segment (the line to fix).</summary>
    static int LineMentioning(string file, string fieldPath)
    {
        if (!File.Exists(file)) return 0;
        var segment = fieldPath.Split('.').Last();
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].Contains("." + segment, StringComparison.Ordinal)) return i + 1;
        return 0;
    }
}
