namespace Gateway.Host;

/// <summary>Where the data files named in configuration (catalogue, calendar) are: relative paths are taken from the application's folder.</summary>
public static class DataFiles
{
    public static string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
}
