using Gateway.Host.Configuration;
using Gateway.Adapters.ManualInbox;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Gateway.Host.Portal;

/// <summary>The manual-inbox portal: Razor Pages under /portal, cookie sign-in per department account, anti-forgery on every form.</summary>
public static class PortalModule
{
    public const string InspectorPolicy = "inspector";
    public const string OperatorPolicy = "operator";

    static Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api")) ctx.Response.StatusCode = status;
        else ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static IHostApplicationBuilder AddPortal(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PortalOptions>(builder.Configuration, PortalOptions.Section);
        builder.Services.AddSingleton<IManualInbox, ManualInboxStore>();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = "/portal/login";
            o.LogoutPath = "/portal/logout";
            o.AccessDeniedPath = "/portal/login";
            o.Cookie.Name = "gateway_portal";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // An API call without the right sign-in is answered 401 / 403, not sent to the login page.
            o.Events.OnRedirectToLogin = ctx => ApiOrRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiOrRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        builder.Services.AddAuthorization(o =>
        {
            o.AddPolicy(InspectorPolicy, p => p.RequireRole(PortalRoles.Inspector));
            o.AddPolicy(OperatorPolicy, p => p.RequireRole(PortalRoles.Operator));
        });
        // Chinese text is written as such, not as numeric character references.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Portal");
            o.Conventions.AuthorizeFolder("/Supervision", InspectorPolicy);
            o.Conventions.AuthorizeFolder("/Operations", OperatorPolicy);
            // The bundle page shows the applicant, the window and every member's case and licence: operators only (channels use the API).
            o.Conventions.AuthorizeFolder("/Bundles", OperatorPolicy);
            o.Conventions.AllowAnonymousToPage("/Portal/Login");
        });
        return builder;
    }
}
