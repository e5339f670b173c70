using System.Net;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Support;

/// <summary>A browser-like HTTP client for the portal: keeps the sign-in cookie and sends each form with its anti-forgery token.</summary>
public sealed partial class PortalClient : IDisposable
{
    readonly HttpClient _http;

    public PortalClient(string baseUrl, bool followRedirects = true)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = followRedirects })
        {
            BaseAddress = new Uri(baseUrl),
        };
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<HttpResponseMessage> GetRawAsync(string path) => _http.GetAsync(path);

    /// <summary>Sends a request with the portal's sign-in cookie.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    /// <summary>Loads <paramref name="formPage"/> for its anti-forgery token, then posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<(HttpStatusCode Status, string Html)> PostFormAsync(string formPage, string action, IDictionary<string, string> fields,
        bool withToken = true)
    {
        var (_, html) = await GetAsync(formPage);
        var all = new Dictionary<string, string>(fields);
        if (withToken) all["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        var response = await _http.PostAsync(action, new FormUrlEncodedContent(all));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>As <see cref="PostFormAsync"/>, as multipart/form-data with one file under <paramref name="fileField"/>.</summary>
    public async Task<(HttpStatusCode Status, string Html)> PostFormWithFileAsync(string formPage, string action, IDictionary<string, string> fields,
        string fileField, string fileName, byte[] content)
    {
        var (_, html) = await GetAsync(formPage);
        using var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields) form.Add(new StringContent(value), key);
        form.Add(new StringContent(WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value)), "__RequestVerificationToken");
        form.Add(new ByteArrayContent(content), fileField, fileName);
        var response = await _http.PostAsync(action, form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<(HttpStatusCode Status, string Html)> SignInAsync(string username, string password) =>
        PostFormAsync("/portal/login", "/portal/login", new Dictionary<string, string> { ["Username"] = username, ["Password"] = password });

    public void Dispose() => _http.Dispose();
}
