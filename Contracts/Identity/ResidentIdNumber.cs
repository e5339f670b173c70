using System.Globalization;

namespace Gateway.Contracts.Identity;

/// <summary>18-character citizen identity number of GB 11643-1999: region, birth date, sequence and an ISO 7064 MOD 11-2 check character.</summary>
public static class ResidentIdNumber
{
    static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const string CheckCharacters = "10X98765432";

    /// <summary>Returns null when the number is valid, otherwise why it is not.</summary>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "is required";
        if (value.Length != 18) return "must be 18 characters";
        for (var i = 0; i < 17; i++)
            if (!char.IsAsciiDigit(value[i])) return "must be 17 digits followed by a digit or X";
        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1880 || birth > DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)))
            return "contains no valid birth date";
        var expected = CheckCharacter(value.AsSpan(0, 17));
        return char.ToUpperInvariant(value[17]) == expected ? null : "has a wrong check digit (GB 11643)";
    }

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }
}
