using Microsoft.AspNetCore.Identity;

namespace Gateway.Host.Portal;

/// <summary>Configuration section <c>Portal</c>: the accounts of the manual-inbox portal.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";
    public List<PortalUser> Users { get; set; } = [];
}

/// <summary>
/// A portal account: a clerk or supervisor of one department. <see cref="PasswordHash"/> is made with
/// <c>dotnet run --project Gateway.Host -- portal-password-hash PASSWORD</c>; passwords themselves are never stored.
/// </summary>
public sealed class PortalUser
{
    public string Username { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string DepartmentCode { get; set; } = "";
    /// <summary>clerk, supervisor or inspector.</summary>
    public string Role { get; set; } = PortalRoles.Clerk;
    public string PasswordHash { get; set; } = "";
}

public static class PortalRoles
{
    public const string Clerk = "clerk";
    public const string Supervisor = "supervisor";
    /// <summary>The supervision office (督查): reads the supervision dashboard across departments; records nothing on cases.</summary>
    public const string Inspector = "inspector";
    /// <summary>The operator on call (运维值班): the operator console (failed messages, department health, case lookup); no inbox.</summary>
    public const string Operator = "operator";
}

public static class PortalClaims
{
    public const string Department = "department";
}

public static class PortalPasswords
{
    static readonly PasswordHasher<string> Hasher = new();

    public static string Hash(string password) => Hasher.HashPassword("portal", password);

    public static bool Verify(PortalUser user, string password) =>
        !string.IsNullOrEmpty(user.PasswordHash) &&
        Hasher.VerifyHashedPassword("portal", user.PasswordHash, password) != PasswordVerificationResult.Failed;
}
