using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace StaticDhcpd.Node.Management;

/// <summary>
/// With <c>staticdhcpd.management.token</c> set, every mutating request (POST, PUT, PATCH, DELETE) on any route needs
/// <c>Authorization: Bearer &lt;token&gt;</c>: 401 without one, 403 with another. GETs stay open (docs/management-api.md).
/// </summary>
public static class TokenCheck
{
    /// <summary>The refusal for a request, or null when it may go on.</summary>
    public static (int Status, string Code, string Message)? Refusal(string method, string? authorization, string token)
    {
        if (token.Length == 0 || !IsMutating(method)) return null;
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return (StatusCodes.Status401Unauthorized, ApiError.Unauthorized,
                $"{method} needs an 'Authorization: Bearer <token>' header (staticdhcpd.management.token is set)");
        var given = Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim());
        // Fixed-time: the comparison must not tell a caller how much of the token it guessed.
        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(token))
            ? null
            : (StatusCodes.Status403Forbidden, ApiError.Forbidden, "the bearer token is not this node's management token");
    }

    public static bool IsMutating(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPatch(method);

    /// <summary>The check as middleware, ahead of every endpoint (this node's, the API's and the dashboard's).</summary>
    public static IApplicationBuilder UseTokenCheck(this IApplicationBuilder app, string token) =>
        app.Use(async (http, next) =>
        {
            if (Refusal(http.Request.Method, http.Request.Headers.Authorization, token) is { } r)
            {
                if (r.Status == StatusCodes.Status401Unauthorized) http.Response.Headers.WWWAuthenticate = "Bearer";
                await ApiError.WriteAsync(http, r.Status, r.Code, r.Message);
                return;
            }
            await next(http);
        });
}
