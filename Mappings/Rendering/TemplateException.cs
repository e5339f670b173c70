namespace Gateway.Mappings.Rendering;

/// <summary>A profile file is wrong: names the file and line (0 when unknown).</summary>
public class TemplateException(string file, int line, string message) : Exception(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Problem { get; } = message;
}
