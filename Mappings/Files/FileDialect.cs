using System.Globalization;
using System.Text;
using Fluid;
using Fluid.Values;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Messages;
using Gateway.Mappings.CodeTables;
using Gateway.Mappings.Profiles;
using Gateway.Mappings.Rendering;

namespace Gateway.Mappings.Files;

/// <summary>
/// A file-exchanging department's files, written and read as its profile's <see cref="FileSpec"/> says: the dispatch file (header and
/// one row of rendered columns, in the department's encoding), electronic materials beside it, and result files read line by line into
/// canonical reports. The generated simulator uses the same dialect the other way round (reads dispatches, writes results).
/// </summary>
public sealed class FileDialect
{
    readonly string _department;
    readonly FileSpec _spec;
    readonly CodeTable _codes;
    readonly IReadOnlyList<(string Name, IFluidTemplate Value)> _columns;
    readonly IFluidTemplate? _attachment;

    public FileDialect(string department, FileSpec spec, CodeTable codes, string profileFile)
    {
        _department = department;
        _spec = spec;
        _codes = codes;
        Encoding = StrictEncodings.Get(spec.Encoding);
        _columns = spec.Dispatch.Select(c => (c.Name, LiquidTemplates.Parse(c.Value, $"{profileFile} (file.dispatch column {c.Name})"))).ToList();
        _attachment = spec.Attachment is { } a ? LiquidTemplates.Parse(a, $"{profileFile} (file.attachment)") : null;
    }

    public string Extension => _spec.Extension;

    /// <summary>The encoding the department writes; result files in UTF-8 are read too.</summary>
    public Encoding Encoding { get; }

    public string DispatchHeader => string.Join(_spec.Separator, _columns.Select(c => c.Name));

    public string ResultHeader => string.Join(_spec.Separator, _spec.Result.Columns);

    /// <summary>The dispatch file and the materials that go beside it.</summary>
    public RenderedBody Write(DispatchToDepartment dispatch, IReadOnlyDictionary<string, FluidValue> model, string version)
    {
        var context = LiquidTemplates.Context(model, _codes);
        var row = string.Join(_spec.Separator, _columns.Select(c => Field(c.Value.Render(context, NullEncoder.Default))));
        var text = DispatchHeader + _spec.LineEnd + row + _spec.LineEnd;
        var bytes = StrictEncodings.Encode(Encoding, text, $"the dispatch file of {_department}", _spec.Encoding);
        var attachments = new List<(string, byte[])>();
        if (_attachment is not null)
        {
            var materials = ((ArrayValue)((ModelObject)model["application"]).Fields["materials"]).Values;
            for (var i = 0; i < dispatch.Application.Materials.Count; i++)
            {
                if (dispatch.Application.Materials[i].ContentBase64 is not { } content) continue;
                context.SetValue("material", materials[i]);
                attachments.Add((_attachment.Render(context, NullEncoder.Default).Trim(), Convert.FromBase64String(content)));
            }
        }
        return new RenderedBody(text, bytes, "text/csv", Encoding.WebName, version) { Attachments = attachments };
    }

    /// <summary>A value as one field: the separator and line breaks cannot break the row.</summary>
    public string Field(string? value) =>
        (value ?? "").Replace(_spec.Separator, _spec.SeparatorReplacement).Replace("\r", " ").Replace("\n", " ");

    /// <summary>Reads a result file: one entry per data line, with the report or why the line cannot be read.</summary>
    public IReadOnlyList<ResultLine> ReadResults(string text)
    {
        var r = _spec.Result;
        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim().TrimStart('\uFEFF') != ResultHeader)
            return [new ResultLine(1, null, $"the first line must be the header '{ResultHeader}'")];
        var complete = text.EndsWith('\n');
        var results = new List<ResultLine>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            var number = i + 1;
            if (i == lines.Length - 1 && !complete)
            {
                results.Add(new ResultLine(number, null, "the last line is not terminated (partial line); it was not read"));
                continue;
            }
            var f = line.Split(_spec.Separator);
            if (f.Length != r.Columns.Count)
            {
                results.Add(new ResultLine(number, null, $"expected {r.Columns.Count} columns, found {f.Length}"));
                continue;
            }
            try
            {
                results.Add(new ResultLine(number, Report(f), null));
            }
            catch (Exception ex) when (ex is FormatException or CodeNotMappedException)
            {
                results.Add(new ResultLine(number, null, ex.Message));
            }
        }
        return results;
    }

    DepartmentEventReport Report(string[] f)
    {
        var r = _spec.Result;
        string? Opt(string? column) => column is null ? null : f[Index(column)].Trim() is { Length: > 0 } v ? v : null;
        DateOnly? Date(string? column) => Opt(column) is { } v ? DateOnly.ParseExact(v, r.DateFormat, CultureInfo.InvariantCulture) : null;
        var type = _codes.TranslateBack(r.TypeTable, Opt(r.Type) ?? "");
        var listed = Opt(r.Reasons)?.Split(r.ListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var isCorrection = type == DepartmentEventTypes.CorrectionRequired;
        var at = Opt(r.OccurredAt) is { } t ? BeijingTime.ParseExact(t, r.TimeFormat) : (DateTime?)null;
        return new DepartmentEventReport
        {
            EventId = Opt(r.EventId), CaseNo = Opt(r.CaseNo), Type = type, OccurredAt = at, NoticeNo = Opt(r.NoticeNo),
            Reasons = isCorrection ? null : listed,
            Corrections = isCorrection ? listed?.Select(ReadCorrection).ToList() : null,
            Licence = Opt(r.LicenceNo) is null ? null : new ReportedLicence
            {
                LicenceNo = Opt(r.LicenceNo), LicenceType = Opt(r.LicenceType), HolderName = Opt(r.HolderName), HolderIdNumber = Opt(r.HolderIdNumber),
                ValidFrom = Date(r.ValidFrom), ValidUntil = Date(r.ValidUntil),
            },
        };
    }

    int Index(string column)
    {
        for (var i = 0; i < _spec.Result.Columns.Count; i++)
            if (_spec.Result.Columns[i] == column) return i;
        throw new FormatException($"the profile names result column '{column}', which the result header lacks");
    }

    static ReportedCorrection ReadCorrection(string item)
    {
        var colon = item.IndexOf(':');
        return colon < 0
            ? new ReportedCorrection { Description = item }
            : new ReportedCorrection { MaterialCode = item[..colon].Trim() is { Length: > 0 } code ? code : null, Description = item[(colon + 1)..].Trim() };
    }

    /// <summary>The department's side: the dispatch file's row as column name → value, or null when the text is not a dispatch file.</summary>
    public IReadOnlyDictionary<string, string>? ReadDispatch(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2 || lines[0].TrimStart('\uFEFF') != DispatchHeader) return null;
        var f = lines[1].Split(_spec.Separator);
        if (f.Length != _columns.Count) return null;
        return _columns.Select((c, i) => (c.Name, f[i])).ToDictionary(x => x.Name, x => x.Item2);
    }

    /// <summary>The department's side: a report as one result line (without the line end), with its codes and formats.</summary>
    public string WriteResult(DepartmentEventReport report)
    {
        var r = _spec.Result;
        var values = r.Columns.ToDictionary(c => c, _ => "");
        void Set(string? column, string? value)
        {
            if (column is not null) values[column] = Field(value);
        }
        string Text(string? value) => (value ?? "").Replace(r.ListSeparator, r.ListSeparator == ";" ? "；" : " ");
        Set(r.EventId, report.EventId);
        Set(r.CaseNo, report.CaseNo);
        Set(r.Type, _codes.Tables.TryGetValue(r.TypeTable, out var types) && report.Type is { } type && types.TryGetValue(type, out var code) ? code : "99");
        Set(r.OccurredAt, BeijingTime.Format((report.OccurredAt ?? DateTime.UtcNow).ToUniversalTime(), r.TimeFormat));
        Set(r.NoticeNo, Text(report.NoticeNo));
        var listed = report.Corrections is { } corrections
            ? corrections.Select(c => $"{c.MaterialCode}:{Text(c.Description)}")
            : (report.Reasons ?? []).Select(Text);
        Set(r.Reasons, string.Join(r.ListSeparator, listed));
        var l = report.Licence;
        Set(r.LicenceNo, l?.LicenceNo);
        Set(r.LicenceType, Text(l?.LicenceType));
        Set(r.HolderName, Text(l?.HolderName));
        Set(r.HolderIdNumber, l?.HolderIdNumber);
        Set(r.ValidFrom, l?.ValidFrom?.ToString(r.DateFormat, CultureInfo.InvariantCulture));
        Set(r.ValidUntil, l?.ValidUntil?.ToString(r.DateFormat, CultureInfo.InvariantCulture));
        return string.Join(_spec.Separator, r.Columns.Select(c => values[c]));
    }
}
