using System.Text.RegularExpressions;

namespace Gateway.Contracts.Identity;

/// <summary>Mainland mobile numbers (11 digits starting 13-19) and fixed lines with area code (0xx-xxxxxxx).</summary>
public static partial class PhoneNumber
{
    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")]
    private static partial Regex Pattern();

    public static string? Validate(string? value) =>
        value is not null && Pattern().IsMatch(value) ? null : "must be an 11-digit mobile number or an area code and fixed-line number";
}
