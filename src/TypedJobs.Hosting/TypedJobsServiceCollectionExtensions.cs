using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using TypedJobs;
using TypedJobs.Hosting;

// The namespace of IServiceCollection, as Microsoft's own Add* methods use, so the methods show up in
// Program.cs without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers TypedJobs in a Microsoft.Extensions.DependencyInjection container and its host.</summary>
/// <example>
/// <code>
/// var builder = Host.CreateApplicationBuilder(args);
/// builder.Services.AddTypedJobs(builder.Configuration.GetSection("TypedJobs"));   // connection and workers from appsettings
/// builder.Services.AddTypedJobsWorker(["high", "default"], concurrency: 4);       // or in code
/// await builder.Build().RunAsync();
///
/// // elsewhere: public sealed class SignupHandler(TypedJobsClient jobs) { ... jobs.Queue("emails").Enqueue_SendWelcome(id); }
/// </code>
/// </example>
public static class TypedJobsServiceCollectionExtensions
{
    /// <summary>
    /// Registers TypedJobs on the app's own <c>IConnectionMultiplexer</c> (which must be in the container):
    /// <see cref="TypedJobsClient"/>, injectable <see cref="JobQueue"/>s, and the hosted service that runs
    /// the workers added with <c>AddTypedJobsWorker</c>.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddTypedJobs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TypedJobsOptions>();
        services.TryAddSingleton<TypedJobsConnection>();
        services.TryAddSingleton(static sp => new TypedJobsClient(sp.GetRequiredService<TypedJobsConnection>()));
        // The "default" queue without a key; any queue by name as a keyed service.
        services.TryAddSingleton(static sp => sp.GetRequiredService<TypedJobsClient>().Queue());
        services.TryAddKeyedSingleton<JobQueue>(KeyedService.AnyKey, static (sp, key) =>
            sp.GetRequiredService<TypedJobsClient>().Queue(key as string
                ?? throw new ArgumentException($"A JobQueue's service key is its name, a string; got {key?.GetType().Name ?? "null"}.", nameof(key))));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TypedJobsHostedService>());
        return services;
    }

    /// <summary>
    /// Registers TypedJobs on a connection of its own to <paramref name="connectionString"/> (see
    /// <see cref="TypedJobsOptions.ConnectionString"/>), as <see cref="AddTypedJobs(IServiceCollection)"/> does otherwise.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="connectionString">A StackExchange.Redis connection string, e.g. <c>"localhost:6379"</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddTypedJobs(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return services.AddTypedJobs(options => options.ConnectionString = connectionString);
    }

    /// <summary>Registers TypedJobs with options set in code; see <see cref="TypedJobsOptions"/>.</summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Sets the connection string and adds workers.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddTypedJobs(this IServiceCollection services, Action<TypedJobsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddTypedJobs();
        services.Configure(configure);
        return services;
    }

    /// <summary>
    /// Registers TypedJobs with options from a configuration section, usually
    /// <c>configuration.GetSection("TypedJobs")</c> (given the whole configuration, an
    /// <see cref="IConfigurationRoot"/> such as <c>builder.Configuration</c>, it reads that section of it):
    /// <c>ConnectionString</c>, and <c>Workers</c>, each worker
    /// with <c>Queues</c> and any of <see cref="WorkerOptions"/>' settings. Durations take <c>"30s"</c>,
    /// <c>"5m"</c>, <c>"1h"</c>, a number of seconds, or a <see cref="TimeSpan"/> (<c>"00:00:00.250"</c>).
    /// A key that is not one of these fails the host's start, so a typo cannot go unnoticed.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configuration">The section, or the whole configuration to read its "TypedJobs" section.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <example>
    /// <code>
    /// "TypedJobs": {
    ///   "ConnectionString": "localhost:6379",
    ///   "Workers": [
    ///     { "Queues": [ "high", "default" ], "Concurrency": 4 },
    ///     { "Queues": [ "reports" ], "Name": "reports-1", "ShutdownTimeout": "2m" }
    ///   ]
    /// }
    /// </code>
    /// </example>
    public static IServiceCollection AddTypedJobs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration is IConfigurationRoot ? configuration.GetSection(TypedJobsOptions.SectionName) : configuration;
        return services.AddTypedJobs(options => TypedJobsConfiguration.Bind(section, options));
    }

    /// <summary>
    /// Adds a worker that the host runs on <paramref name="queues"/>, highest priority first, with
    /// <paramref name="concurrency"/> jobs at once. Call it again for another worker. Registers TypedJobs
    /// too, if <c>AddTypedJobs</c> has not.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="queues">The queues served, in priority order.</param>
    /// <param name="concurrency">How many jobs run at once.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddTypedJobsWorker(this IServiceCollection services, IEnumerable<string> queues, int concurrency = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        return services.AddTypedJobsWorker(queues, new WorkerOptions { Concurrency = concurrency });
    }

    /// <summary>
    /// Adds a worker that the host runs on <paramref name="queues"/>, highest priority first, with
    /// <paramref name="options"/> (a null <see cref="WorkerOptions.Logger"/> is filled from the host's logging).
    /// Call it again for another worker. Registers TypedJobs too, if <c>AddTypedJobs</c> has not.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="queues">The queues served, in priority order.</param>
    /// <param name="options">How the worker runs, e.g. <c>new WorkerOptions { Concurrency = 4, ShutdownTimeout = TimeSpan.FromMinutes(1) }</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddTypedJobsWorker(this IServiceCollection services, IEnumerable<string> queues, WorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(options);
        string[] names = [.. queues];
        if (names.Length == 0) throw new ArgumentException("A worker needs at least one queue.", nameof(queues));
        var worker = new HostedWorker(names, options);
        services.AddTypedJobs();
        services.Configure<TypedJobsOptions>(o => o.Workers.Add(worker));
        return services;
    }
}
