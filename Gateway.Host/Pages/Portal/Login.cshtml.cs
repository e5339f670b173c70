using System.Security.Claims;
using Gateway.Host.Portal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Pages.Portal;

public sealed class LoginModel(IOptionsMonitor<PortalOptions> options, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty] public string? Username { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = options.CurrentValue.Users.FirstOrDefault(u => string.Equals(u.Username, Username?.Trim(), StringComparison.Ordinal));
        if (user is null || string.IsNullOrEmpty(Password) || !PortalPasswords.Verify(user, Password))
        {
            logger.LogWarning("Portal sign-in refused for {Username}", Username);
            if (user is not null)
                await HttpContext.RequestServices.GetRequiredService<Departments.DepartmentReportIntake>().RecordRefusalAsync(user.DepartmentCode, null, null,
                    "unauthenticated", [], $"portal sign-in of {user.Username} refused: wrong password", CancellationToken.None);
            Error = "用户名或密码错误 (user name or password is wrong)";
            return Page();
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, user.Username),
            new Claim(ClaimTypes.Role, user.Role),
            new Claim(PortalClaims.Department, user.DepartmentCode),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        logger.LogInformation("Portal user {Username} of {Department} signed in", user.Username, user.DepartmentCode);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : user.Role switch
        {
            PortalRoles.Inspector => "/supervision",
            PortalRoles.Operator => "/operations",
            _ => "/portal",
        });
    }
}
