namespace Gateway.Contracts.Identity;

/// <summary>18-character unified social credit code of GB 32100-2015, whose last character is a MOD 31 check.</summary>
public static class UnifiedSocialCreditCode
{
    const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Returns null when the code is valid, otherwise why it is not.</summary>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "is required";
        if (value.Length != 18) return "must be 18 characters";
        foreach (var c in value)
            if (Alphabet.IndexOf(c) < 0) return $"contains '{c}', which GB 32100 does not use";
        return value[17] == CheckCharacter(value.AsSpan(0, 17)) ? null : "has a wrong check character (GB 32100)";
    }

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(first17[i]) * Weights[i];
        var check = 31 - sum % 31;
        return Alphabet[check == 31 ? 0 : check];
    }
}
