namespace Gateway.Contracts.Identity;

/// <summary>What may be shown of personal numbers in logs and to people who do not need the whole number.</summary>
public static class Masking
{
    /// <summary>Keeps the first 4 and last 2 characters: 4107**********123X becomes 4107************3X.</summary>
    public static string IdNumber(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value.Length <= 6 ? new string('*', value.Length) : value[..4] + new string('*', value.Length - 6) + value[^2..];

    /// <summary>Keeps the first 3 and last 4 digits.</summary>
    public static string Phone(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value.Length <= 7 ? new string('*', value.Length) : value[..3] + new string('*', value.Length - 7) + value[^4..];
}
