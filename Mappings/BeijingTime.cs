namespace Gateway.Mappings;

/// <summary>Departments' systems keep local (Beijing, UTC+8, no daylight saving) times; the gateway keeps UTC.</summary>
public static class BeijingTime
{
    static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");

    public static string Format(DateTime utc, string format) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone).ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads a Beijing local time written as <paramref name="format"/> and returns it as UTC.</summary>
    public static DateTime ParseExact(string text, string format) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.ParseExact(text, format, System.Globalization.CultureInfo.InvariantCulture), Zone);
}
