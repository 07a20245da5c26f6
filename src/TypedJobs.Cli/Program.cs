using TypedJobs.Cli;

// The typedjobs tool: see TypedJobsCli for the command tree and docs/cli.md for the manual.
return await TypedJobsCli.RunAsync(args, CliConsole.System(), Environment.GetEnvironmentVariable).ConfigureAwait(false);
