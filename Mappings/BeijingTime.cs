namespace Gateway.Mappings;

/// <summary>Departments' systems keep local (Beijing, UTC+8, no daylight saving) times; the gateway keeps UTC.</summary>
public static class BeijingTime
{
    static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");

    public static string Format(DateTime utc, string format) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}
