using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Configuration;

/// <summary>
/// Options bound from a configuration section and checked when the host starts: a value out of its range (the attributes on the
/// options class) stops the start with a message naming the configuration key, rather than surfacing later as odd behaviour.
/// </summary>
public static class ValidatedOptions
{
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section));
        services.AddSingleton(new Validated(typeof(T)));
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    sealed record Validated(Type OptionsType);

    /// <summary>
    /// Reads a section while services are still being registered (what the registration itself depends on); a value the binder
    /// cannot convert stops the start with the key named, as <see cref="ValidateNow"/> does later for the rest.
    /// </summary>
    public static T ReadNow<T>(IConfiguration configuration, string section) where T : class, new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{StartRefused}{ex.Message}", ex);
        }
    }

    /// <summary>How every message that stops the start begins (the command line prints it without a stack trace).</summary>
    public const string StartRefused = "The gateway does not start: ";

    /// <summary>
    /// Validates every such options class now, right after the host is built: some services are built from their options before the
    /// host's own start-up validation would run (the bus is). Throws one <see cref="OptionsValidationException"/> with every failure.
    /// </summary>
    public static void ValidateNow(IServiceProvider services)
    {
        var failures = new List<string>();
        foreach (var validated in services.GetServices<Validated>())
        {
            var accessor = services.GetRequiredService(typeof(IOptions<>).MakeGenericType(validated.OptionsType));
            try
            {
                _ = accessor.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(accessor);
            }
            catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is OptionsValidationException invalid)
            {
                failures.AddRange(invalid.Failures);
            }
            catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is InvalidOperationException unreadable)
            {
                failures.Add(unreadable.Message);   // a value the binder cannot convert ("Failed to convert configuration value 'abc' at '…'")
            }
        }
        if (failures.Count > 0) throw new OptionsValidationException(Options.DefaultName, typeof(ValidatedOptions), failures);
    }

    /// <summary>The problems of an options validation failure, one per line, each naming its key.</summary>
    public static string Describe(OptionsValidationException ex) => string.Join(Environment.NewLine, ex.Failures.Select(f => "  - " + f));

    sealed class SectionValidator<T>(string section) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
                return ValidateOptionsResult.Success;
            return ValidateOptionsResult.Fail(results.Select(r =>
                $"{section}:{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
