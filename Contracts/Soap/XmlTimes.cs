using System.Globalization;

namespace Gateway.Contracts.Soap;

/// <summary>
/// Times in messages from departments' legacy systems: <c>xs:dateTime</c> with a zone (<c>Z</c>, <c>+08:00</c>) is taken as written; a
/// time without a zone is Beijing time (UTC+8), as those systems keep local time.
/// </summary>
public static class XmlTimes
{
    static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>The time as UTC; throws <see cref="FormatException"/> for text that is not a time.</summary>
    public static DateTime ToUtc(string text)
    {
        var t = text.Trim();
        var parsed = DateTime.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        try
        {
            return parsed.Kind switch
            {
                DateTimeKind.Utc => parsed,
                DateTimeKind.Local => parsed.ToUniversalTime(),
                _ => DateTime.SpecifyKind(parsed - Beijing, DateTimeKind.Utc),
            };
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new FormatException($"'{t}' is out of range", ex);
        }
    }

    /// <summary>As <see cref="ToUtc"/>, or null for text that is not a time.</summary>
    public static DateTime? TryToUtc(string text)
    {
        try
        {
            return ToUtc(text);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
