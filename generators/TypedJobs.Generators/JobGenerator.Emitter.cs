using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedJobs.Generators.Models;

namespace TypedJobs.Generators;

public sealed partial class JobGenerator
{
    /// <summary>Turns <see cref="JobModel"/>s into C#: one file per job and one dispatch table per assembly.</summary>
    internal static class Emitter
    {
        private static readonly string s_generatedCode =
            $"[global::System.CodeDom.Compiler.GeneratedCode(\"TypedJobs.Generators\", \"{typeof(JobGenerator).Assembly.GetName().Version!.ToString(3)}\")]";

        private const string DurationType = "global::TypedJobs.Duration?";

        private static readonly Option s_timeout = new("timeout", DurationType, "Timeout");
        private static readonly Option s_ttl = new("ttl", DurationType, "Ttl");
        private static readonly Option s_resultTtl = new("resultTtl", DurationType, "ResultTtl");
        private static readonly Option s_failureTtl = new("failureTtl", DurationType, "FailureTtl");
        private static readonly Option s_description = new("description", "string?", "Description");
        private static readonly Option s_dependsOn = new("dependsOn", "global::TypedJobs.JobDependency?", "DependsOn");
        private static readonly Option s_retry = new("retry", "global::TypedJobs.Retry?", "Retry");
        private static readonly Option s_meta = new("meta", "global::TypedJobs.JobMeta?", "Meta");

        // In the runtime's EnqueueOptions order. Create_ says 'id' and has neither 'unique' nor 'atFront'
        // (they are about the queue the definition is not yet in); Enqueue_ says 'jobId', RQ's job_id.
        private static readonly Option[] s_createOptions =
            [new("id", "string?", "JobId"), s_timeout, s_ttl, s_resultTtl, s_failureTtl, s_description, s_dependsOn, s_retry, s_meta];

        private static readonly Option[] s_enqueueOptions =
            [new("jobId", "string?", "JobId"), s_timeout, s_ttl, s_resultTtl, s_failureTtl, s_description, s_dependsOn, s_retry,
             new("unique", "bool", "Unique"), new("atFront", "bool", "AtFront"), s_meta];

        // A scheduled job waits in the scheduled registry, then joins its queue at the back, as in RQ.
        private static readonly Option[] s_scheduleOptions = [.. s_enqueueOptions.Where(static o => o.Parameter != "atFront")];

        private const string OptionsRemedy = "set those options through the overload that takes <see cref=\"global::TypedJobs.EnqueueOptions\"/>";

        public static void EmitJob(SourceProductionContext context, JobModel job)
        {
            var writer = new SourceWriter();
            WriteFileHeader(writer);
            var hasNamespace = job.Namespace.Length > 0;
            if (hasNamespace)
            {
                writer.WriteLine($"namespace {job.Namespace}");
                writer.OpenBlock();
            }

            WriteArgsRecord(writer, job);
            writer.WriteLine();
            WriteFormatter(writer, job);
            writer.WriteLine();
            WriteDefinitions(writer, job);
            writer.WriteLine();
            WriteQueueExtensions(writer, job);

            if (hasNamespace) writer.CloseBlock();
            context.AddSource(job.HintName, writer.ToSourceText());
        }

        /// <summary>
        /// Declares each namespace's <c>JobDefinitions</c> and <c>JobQueueExtensions</c> once, with their
        /// accessibility, documentation and attributes; the per-job parts leave all three out, since only
        /// one part may carry a non-repeatable attribute and the class is public only when a job is.
        /// </summary>
        public static void EmitJobClasses(SourceProductionContext context, EquatableArray<JobNamespaceModel> namespaces)
        {
            if (namespaces.Count == 0) return;

            var writer = new SourceWriter();
            WriteFileHeader(writer);
            for (var i = 0; i < namespaces.Count; i++)
            {
                var ns = namespaces[i];
                if (i > 0) writer.WriteLine();
                var hasNamespace = ns.Namespace.Length > 0;
                if (hasNamespace)
                {
                    writer.WriteLine($"namespace {ns.Namespace}");
                    writer.OpenBlock();
                }

                var access = ns.IsPublic ? "public" : "internal";
                writer.WriteLine($$"""
                    /// <summary>
                    /// Builds the jobs of this namespace without enqueueing them (RQ's <c>Job.create</c>): one
                    /// <c>Create_{Method}</c> pair per job; enqueue the result with <see cref="global::TypedJobs.JobQueue.EnqueueJob(global::TypedJobs.JobDefinition, bool)"/>.
                    /// </summary>
                    {{s_generatedCode}}
                    {{access}} static partial class JobDefinitions
                    {
                    }

                    /// <summary>
                    /// Enqueues the jobs of this namespace, with the job's own parameters, on any <see cref="global::TypedJobs.JobQueue"/>:
                    /// <c>Enqueue_{Method}</c> now, <c>EnqueueAt_{Method}</c> at a time, <c>EnqueueIn_{Method}</c> after a delay,
                    /// each with an <c>Async</c> twin.
                    /// </summary>
                    {{s_generatedCode}}
                    {{access}} static partial class JobQueueExtensions
                    {
                    }
                    """);
                if (hasNamespace) writer.CloseBlock();
            }

            context.AddSource(Parser.JobClassesHintName, writer.ToSourceText());
        }

        public static void EmitDispatchTable(SourceProductionContext context, EquatableArray<JobModel> jobs, string assemblyName)
        {
            if (jobs.Count == 0) return;

            var ordered = jobs.OrderBy(static j => j.JobName, System.StringComparer.Ordinal).ToArray();
            var suffix = SanitizeIdentifier(assemblyName);
            var dispatcher = "JobDispatcher_" + suffix;
            var writer = new SourceWriter();
            WriteFileHeader(writer);
            writer.WriteLine("namespace TypedJobs.Generated");
            writer.OpenBlock();
            writer.WriteLine(s_generatedCode);
            writer.WriteLine($"internal sealed class {dispatcher} : global::TypedJobs.Dispatch.JobDispatcher");
            writer.OpenBlock();
            writer.WriteLine("private static readonly string[] s_jobNames =");
            writer.OpenBlock();
            foreach (var job in ordered) writer.WriteLine(Literal(job.JobName) + ",");
            writer.CloseBlock("};");
            writer.WriteLine();
            writer.WriteLine($$"""
                public override global::System.Collections.Generic.IReadOnlyList<string> JobNames => s_jobNames;

                public override string Source => {{Literal(assemblyName)}};

                public override global::System.Threading.Tasks.ValueTask<byte[]?> InvokeAsync(string jobName, global::System.ReadOnlyMemory<byte> args, global::TypedJobs.JobContext context)
                {
                    switch (jobName)
                    {
                """);
            writer.Indentation += 2;
            for (var i = 0; i < ordered.Length; i++)
            {
                writer.WriteLine($"case {Literal(ordered[i].JobName)}: return Invoke_{i}(args, context);");
            }

            writer.WriteLine("default: throw new global::TypedJobs.Dispatch.UnknownJobException(jobName);");
            writer.CloseBlock();
            writer.CloseBlock();

            // Without a callback anywhere, the base class's no-op stands.
            if (ordered.Any(HasCallback))
            {
                writer.WriteLine();
                writer.WriteLine($$"""
                    public override global::System.Threading.Tasks.ValueTask InvokeCallbackAsync(string jobName, {{CallbackParameters}})
                    {
                        switch (jobName)
                        {
                    """);
                writer.Indentation += 2;
                for (var i = 0; i < ordered.Length; i++)
                {
                    if (!HasCallback(ordered[i])) continue;
                    writer.WriteLine($"case {Literal(ordered[i].JobName)}: return InvokeCallback_{i}(kind, context, result, exception);");
                }

                writer.WriteLine("default: return default;");
                writer.CloseBlock();
                writer.CloseBlock();
            }

            for (var i = 0; i < ordered.Length; i++)
            {
                writer.WriteLine();
                WriteInvoker(writer, ordered[i], i);
                if (!HasCallback(ordered[i])) continue;
                writer.WriteLine();
                WriteCallbackInvoker(writer, ordered[i], i);
            }

            writer.CloseBlock();
            writer.WriteLine();

            // CA2255 warns libraries off module initializers; here one is the point: it lets a worker find
            // the assembly's jobs without reflection or registration code.
            writer.WriteLine("#pragma warning disable CA2255");
            writer.WriteLine(s_generatedCode);
            writer.WriteLine($"internal static class TypedJobsModuleInitializer_{suffix}");
            writer.OpenBlock();
            writer.WriteLine("[global::System.Runtime.CompilerServices.ModuleInitializer]");
            writer.WriteLine("internal static void Register()");
            writer.OpenBlock();
            foreach (var job in ordered)
            {
                writer.WriteLine($"global::MemoryPack.MemoryPackFormatterProvider.Register(new {QualifiedName(job, FormatterName(job))}());");
            }

            writer.WriteLine($"global::TypedJobs.Dispatch.JobCatalog.Register(new global::TypedJobs.Generated.{dispatcher}());");
            foreach (var job in ordered)
            {
                if (job.Recurring is not { } recurring) continue;

                // Every enqueued parameter has a default, which the args record's constructor carries.
                writer.WriteLine("global::TypedJobs.Scheduling.RecurringJobCatalog.Declare(new global::TypedJobs.Scheduling.RecurringJobDeclaration(");
                writer.Indentation++;
                writer.WriteLine($"{Literal(job.JobName)}, {Literal(recurring.Cron)}, {Literal(recurring.Queue)},");
                writer.WriteLine($"static () => {QualifiedName(job, "JobDefinitions")}.Create_{job.MethodName}(new {QualifiedName(job, ArgsName(job))}())));");
                writer.Indentation--;
            }
            writer.CloseBlock();
            writer.CloseBlock();
            writer.WriteLine("#pragma warning restore CA2255");
            writer.CloseBlock();
            context.AddSource(Parser.DispatchTableHintName, writer.ToSourceText());
        }

        private static void WriteFileHeader(SourceWriter writer)
        {
            writer.WriteLine("""
                // <auto-generated/>
                #nullable enable
                // An [Obsolete] job, or one taking an obsolete type, must still run the jobs already queued.
                #pragma warning disable CS0612, CS0618

                """);
        }

        private static void WriteArgsRecord(SourceWriter writer, JobModel job)
        {
            var members = Arguments(job)
                .Select(static p => $"{p.Type} {Parser.EscapeIdentifier(p.MemberName)}{(p.DefaultValue is null ? "" : " = " + p.DefaultValue)}")
                .ToArray();
            writer.WriteLine($"/// <summary>The arguments of the job <c>{Display(job)}</c>: what is stored with the job and passed to the method when a worker runs it.</summary>");
            foreach (var p in Arguments(job))
            {
                writer.WriteLine($"/// <param name=\"{p.MemberName}\">The job's <c>{p.Name}</c> parameter.</param>");
            }

            writer.WriteLine(s_generatedCode);
            var declaration = $"{Access(job)} sealed partial record {ArgsName(job)}(";
            if (members.Length <= 3)
            {
                writer.WriteLine(declaration + string.Join(", ", members) + ");");
                return;
            }

            writer.WriteLine(declaration);
            writer.Indentation++;
            for (var i = 0; i < members.Length; i++)
            {
                writer.WriteLine(members[i] + (i == members.Length - 1 ? ");" : ","));
            }

            writer.Indentation--;
        }

        private static void WriteFormatter(SourceWriter writer, JobModel job)
        {
            var arguments = Arguments(job).ToArray();
            var argsName = ArgsName(job);
            var argsType = QualifiedName(job, argsName);
            var count = arguments.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            writer.WriteLine(s_generatedCode);
            writer.WriteLine($$"""
                internal sealed class {{FormatterName(job)}} : global::MemoryPack.MemoryPackFormatter<{{argsType}}>
                {
                    public override void Serialize<TBufferWriter>(ref global::MemoryPack.MemoryPackWriter<TBufferWriter> writer, scoped ref {{argsType}}? value)
                    {
                        if (value is null)
                        {
                            writer.WriteNullObjectHeader();
                            return;
                        }

                        writer.WriteObjectHeader((byte){{count}});
                """);
            writer.Indentation += 2;
            foreach (var p in arguments)
            {
                var member = "value." + Parser.EscapeIdentifier(p.MemberName);
                writer.WriteLine(p.IsString ? $"writer.WriteString({member});" : $"writer.WriteValue<{p.Type}>({member});");
            }

            writer.Indentation -= 2;
            writer.WriteLine($$"""
                    }

                    public override void Deserialize(ref global::MemoryPack.MemoryPackReader reader, scoped ref {{argsType}}? value)
                    {
                        if (!reader.TryReadObjectHeader(out var count))
                        {
                            value = null;
                            return;
                        }

                        // Fewer members than this version knows is fine (a queued job from before a parameter
                        // with a default was added); more means a newer producer, whose data would be dropped.
                        if (count > {{count}})
                        {
                            throw new global::MemoryPack.MemoryPackSerializationException(
                                $"{{argsName}} was written by a newer version with {count} arguments; this version knows {{count}}.");
                        }

                """);
            writer.Indentation += 2;
            for (var i = 0; i < arguments.Length; i++)
            {
                var p = arguments[i];
                var read = p.IsString ? "reader.ReadString()" : $"reader.ReadValue<{p.Type}>()";
                if (p.IsNonNullableReference) read += "!";
                var missing = p.DefaultValue
                    ?? $"throw new global::MemoryPack.MemoryPackSerializationException({Literal($"{argsName} was written by an older version without the parameter '{p.Name}', which has no default value.")})";
                writer.WriteLine($"var arg{i} = count > {i} ? {read} : {missing};");
            }

            var construct = string.Join(", ", Enumerable.Range(0, arguments.Length).Select(static i => "arg" + i));
            writer.WriteLine($"value = new {argsType}({construct});");
            writer.Indentation -= 2;
            writer.WriteLine("""
                    }
                }
                """);
        }

        private static void WriteDefinitions(SourceWriter writer, JobModel job)
        {
            var access = Access(job);
            var argsType = QualifiedName(job, ArgsName(job));
            var definitionType = DefinitionType(job);
            var defaultsField = "s_defaults_" + job.MethodName;
            var defaultsProperty = "Defaults_" + job.MethodName;
            writer.WriteLine("static partial class JobDefinitions");
            writer.OpenBlock();

            var defaults = DefaultsInitializer(job.Defaults);
            if (defaults == "global::TypedJobs.JobDefaults.None")
            {
                writer.WriteLine(s_generatedCode);
                writer.WriteLine($"private static global::TypedJobs.JobDefaults {defaultsProperty} => {defaults};");
            }
            else
            {
                // Built on first use, through JobDefaults.Build: a duration string that does not parse then
                // fails this job's Create_/Enqueue_ with a message naming the job, instead of failing the
                // type initializer of every job in the namespace.
                writer.WriteLine(s_generatedCode);
                writer.WriteLine($"private static global::TypedJobs.JobDefaults? {defaultsField};");
                writer.WriteLine();
                writer.WriteLine(s_generatedCode);
                writer.WriteLine($"private static global::TypedJobs.JobDefaults {defaultsProperty} => {defaultsField} ??= global::TypedJobs.JobDefaults.Build({Literal(job.JobName)}, static () => {defaults});");
            }

            writer.WriteLine();

            var options = KeptOptions(job, s_createOptions);
            writer.WriteLine($"/// <summary>Builds the job <c>{Display(job)}</c> without enqueueing it.</summary>");
            WriteDroppedOptionsRemark(writer, job, s_createOptions, OptionsRemedy);
            writer.WriteLine(s_generatedCode);
            writer.WriteLine($"{access} static {definitionType} Create_{job.MethodName}(");
            WriteParameterList(writer, FlattenedParameters(job, options));
            writer.Indentation++;
            writer.WriteLine($"=> {QualifiedName(job, "JobDefinitions")}.Create_{job.MethodName}(");
            writer.Indentation++;
            writer.WriteLine($"new {argsType}({ArgumentList(job)}),");
            WriteOptionsInitializer(writer, options, ");");
            writer.Indentation -= 2;
            writer.WriteLine();

            writer.WriteLine($"/// <summary>Builds the job <c>{Display(job)}</c> from its arguments record without enqueueing it.</summary>");
            writer.WriteLine(s_generatedCode);
            writer.WriteLine($$"""
                {{access}} static {{definitionType}} Create_{{job.MethodName}}({{argsType}} args, global::TypedJobs.EnqueueOptions? options = null)
                {
                    global::System.ArgumentNullException.ThrowIfNull(args);
                    return {{definitionType}}.Create(
                        {{Literal(job.JobName)}},
                        args,
                        options,
                        {{defaultsProperty}},
                        static a => {{DescriptionExpression(job)}});
                }
                """);
            writer.CloseBlock();
        }

        private static void WriteQueueExtensions(SourceWriter writer, JobModel job)
        {
            var access = Access(job);
            var argsType = QualifiedName(job, ArgsName(job));
            var jobType = JobType(job);
            var create = $"{QualifiedName(job, "JobDefinitions")}.Create_{job.MethodName}";
            var options = KeptOptions(job, s_enqueueOptions);
            var atFront = options.Any(static o => o.Parameter == "atFront") ? "atFront" : "false";
            var creationOptions = options.Where(static o => o.Parameter != "atFront").ToArray();
            var taken = new HashSet<string>(job.Parameters.Select(static p => p.Name).Concat(options.Select(static o => o.Parameter)));
            var queue = FreeName("queue", taken);
            taken.Add(queue);
            // The async stubs end with a token, as every .NET async API does, so an endpoint can pass
            // HttpContext.RequestAborted; a job parameter of that name keeps it, and the token takes a free one.
            var token = FreeName("cancellationToken", taken);
            var tokenParameter = $"global::System.Threading.CancellationToken {token} = default";

            writer.WriteLine("static partial class JobQueueExtensions");
            writer.OpenBlock();
            foreach (var isAsync in new[] { false, true })
            {
                var name = $"Enqueue_{job.MethodName}{(isAsync ? "Async" : "")}";
                var returnType = isAsync ? $"global::System.Threading.Tasks.Task<{jobType}>" : jobType;
                var enqueue = isAsync ? "EnqueueJobAsync" : "EnqueueJob";
                var summary = $"/// <summary>Enqueues the job <c>{Display(job)}</c>{(isAsync ? AsyncSummary(token) : "")}.</summary>";
                if (isAsync) writer.WriteLine();

                writer.WriteLine(summary);
                WriteDroppedOptionsRemark(writer, job, s_enqueueOptions, OptionsRemedy);
                writer.WriteLine(s_generatedCode);
                writer.WriteLine($"{access} static {returnType} {name}(");
                WriteParameterList(writer, [$"this global::TypedJobs.JobQueue {queue}", .. FlattenedParameters(job, options), .. isAsync ? [tokenParameter] : Array.Empty<string>()]);
                WriteFlattenedCall(writer, job, $"{queue}.{enqueue}", creationOptions, isAsync ? $"{atFront}, {token}" : atFront);
                writer.WriteLine();

                writer.WriteLine(isAsync ? $"/// <summary>Enqueues the job <c>{Display(job)}</c>{AsyncSummary("cancellationToken")}.</summary>" : summary);
                writer.WriteLine(s_generatedCode);
                var recordToken = isAsync ? ", global::System.Threading.CancellationToken cancellationToken = default" : "";
                var passToken = isAsync ? ", cancellationToken" : "";
                writer.WriteLine($$"""
                    {{access}} static {{returnType}} {{name}}(this global::TypedJobs.JobQueue queue, {{argsType}} args, global::TypedJobs.EnqueueOptions? options = null{{recordToken}})
                        => queue.{{enqueue}}({{create}}(args, options), options?.AtFront ?? false{{passToken}});
                    """);
            }

            // RQ's enqueue_at and enqueue_in, flattened only: with an args record, Create_ and
            // JobQueue.EnqueueJobAt/EnqueueJobIn say the same.
            var scheduleOptions = KeptOptions(job, s_scheduleOptions);
            taken.Add(queue);
            foreach (var (prefix, enqueue, leadType, leadName, when, rqName) in new[]
            {
                ("EnqueueAt", "EnqueueJobAt", "global::System.DateTimeOffset", FreeName("at", taken), "at", "enqueue_at"),
                ("EnqueueIn", "EnqueueJobIn", "global::TypedJobs.Duration", FreeName("delay", taken), "after", "enqueue_in"),
            })
            {
                var remedy = $"set those options through the <c>Create_{job.MethodName}</c> overload that takes <see cref=\"global::TypedJobs.EnqueueOptions\"/>, " +
                    $"then <see cref=\"global::TypedJobs.JobQueue.{enqueue}(global::TypedJobs.JobDefinition, {leadType})\"/>";
                var scheduleToken = FreeName(token, [.. taken, leadName]);
                foreach (var isAsync in new[] { false, true })
                {
                    var returnType = isAsync ? $"global::System.Threading.Tasks.Task<{jobType}>" : jobType;
                    writer.WriteLine();
                    writer.WriteLine($"/// <summary>Schedules the job <c>{Display(job)}</c> to be enqueued {when} <paramref name=\"{leadName}\"/>" +
                        $"{(isAsync ? AsyncSummary(scheduleToken) : "")} (RQ's <c>{rqName}</c>).</summary>");
                    WriteDroppedOptionsRemark(writer, job, s_scheduleOptions, remedy);
                    writer.WriteLine(s_generatedCode);
                    writer.WriteLine($"{access} static {returnType} {prefix}_{job.MethodName}{(isAsync ? "Async" : "")}(");
                    WriteParameterList(writer, [$"this global::TypedJobs.JobQueue {queue}", $"{leadType} {leadName}", .. FlattenedParameters(job, scheduleOptions),
                        .. isAsync ? [$"global::System.Threading.CancellationToken {scheduleToken} = default"] : Array.Empty<string>()]);
                    WriteFlattenedCall(writer, job, $"{queue}.{enqueue}{(isAsync ? "Async" : "")}", scheduleOptions, isAsync ? $"{leadName}, {scheduleToken}" : leadName);
                }
            }

            writer.CloseBlock();
        }

        /// <summary>
        /// The body of a flattened stub: <c>=&gt; receiver(Create_X(new XArgs(...), new EnqueueOptions { ... }), last);</c>.
        /// </summary>
        private static void WriteFlattenedCall(
            SourceWriter writer, JobModel job, string call, IReadOnlyList<Option> creationOptions, string lastArgument)
        {
            writer.Indentation++;
            writer.WriteLine($"=> {call}(");
            writer.Indentation++;
            writer.WriteLine($"{QualifiedName(job, "JobDefinitions")}.Create_{job.MethodName}(");
            writer.Indentation++;
            writer.WriteLine($"new {QualifiedName(job, ArgsName(job))}({ArgumentList(job)}),");
            WriteOptionsInitializer(writer, creationOptions, "),");
            writer.Indentation--;
            writer.WriteLine($"{lastArgument});");
            writer.Indentation -= 2;
        }

        /// <summary>Runs the job's callback of the given kind; a kind without a callback does nothing.</summary>
        private static void WriteCallbackInvoker(SourceWriter writer, JobModel job, int index)
        {
            writer.WriteLine($"private static global::System.Threading.Tasks.ValueTask InvokeCallback_{index}({CallbackParameters})");
            writer.OpenBlock();
            writer.WriteLine("switch (kind)");
            writer.OpenBlock();
            foreach (var (kind, callback) in new[] { ("Success", job.OnSuccess), ("Failure", job.OnFailure), ("Stopped", job.OnStopped) })
            {
                if (callback is null) continue;
                var argument = kind switch
                {
                    "Success" when callback.PassesResult =>
                        $", global::TypedJobs.Dispatch.JobPayload.DeserializeResult<{job.ResultType}>(result.Span)!",
                    "Failure" => ", exception ?? throw new global::System.ArgumentNullException(nameof(exception))",
                    _ => "",
                };
                var call = $"{job.ContainingType}.{Parser.EscapeIdentifier(callback.MethodName)}(context.Job{argument})";
                writer.WriteLine($"case global::TypedJobs.Dispatch.JobCallbackKind.{kind}:");
                writer.Indentation++;
                switch (callback.ReturnKind)
                {
                    case ReturnKind.Void:
                        writer.WriteLine($"{call};");
                        writer.WriteLine("return default;");
                        break;
                    case ReturnKind.Task:
                        writer.WriteLine($"return new global::System.Threading.Tasks.ValueTask({call});");
                        break;
                    default:
                        writer.WriteLine($"return {call};");
                        break;
                }

                writer.Indentation--;
            }

            writer.WriteLine("default:");
            writer.Indentation++;
            writer.WriteLine("return default;");
            writer.Indentation--;
            writer.CloseBlock();
            writer.CloseBlock();
        }

        private static void WriteInvoker(SourceWriter writer, JobModel job, int index)
        {
            var call = $"{job.ContainingType}.{Parser.EscapeIdentifier(job.MethodName)}({string.Join(", ", job.Parameters.Select(static p => p.Kind switch
            {
                ParameterKind.CancellationToken => "context.CancellationToken",
                ParameterKind.JobContext => "context",
                _ => "a." + Parser.EscapeIdentifier(p.MemberName),
            }))})";
            var deserialize = $"global::TypedJobs.Dispatch.JobPayload.DeserializeArgs<{QualifiedName(job, ArgsName(job))}>({Literal(job.JobName)}, args)";
            writer.WriteLine($"private static global::System.Threading.Tasks.ValueTask<byte[]?> Invoke_{index}(global::System.ReadOnlyMemory<byte> args, global::TypedJobs.JobContext context)");
            writer.OpenBlock();
            writer.WriteLine(Arguments(job).Any() ? $"var a = {deserialize};" : $"_ = {deserialize};");
            switch (job.ReturnKind)
            {
                case ReturnKind.Void:
                    writer.WriteLine($"{call};");
                    writer.WriteLine("return new global::System.Threading.Tasks.ValueTask<byte[]?>((byte[]?)null);");
                    break;
                case ReturnKind.Value:
                    writer.WriteLine($"var r = {call};");
                    writer.WriteLine("return new global::System.Threading.Tasks.ValueTask<byte[]?>(global::TypedJobs.Dispatch.JobPayload.SerializeResult(r));");
                    break;
                default:
                    var taskType = job.ReturnKind switch
                    {
                        ReturnKind.Task => "global::System.Threading.Tasks.Task",
                        ReturnKind.ValueTask => "global::System.Threading.Tasks.ValueTask",
                        ReturnKind.TaskOfT => $"global::System.Threading.Tasks.Task<{job.ResultType}>",
                        _ => $"global::System.Threading.Tasks.ValueTask<{job.ResultType}>",
                    };
                    writer.WriteLine($"return Await({call});");
                    writer.WriteLine();
                    writer.WriteLine($"static async global::System.Threading.Tasks.ValueTask<byte[]?> Await({taskType} task)");
                    writer.OpenBlock();
                    if (job.ResultType is null)
                    {
                        writer.WriteLine("await task.ConfigureAwait(false);");
                        writer.WriteLine("return null;");
                    }
                    else
                    {
                        writer.WriteLine("return global::TypedJobs.Dispatch.JobPayload.SerializeResult(await task.ConfigureAwait(false));");
                    }

                    writer.CloseBlock();
                    break;
            }

            writer.CloseBlock();
        }

        private static void WriteDroppedOptionsRemark(
            SourceWriter writer, JobModel job, Option[] options, string remedy)
        {
            var names = new HashSet<string>(Arguments(job).Select(static p => p.Name));
            var dropped = options.Where(o => names.Contains(o.Parameter)).Select(static o => $"<c>{o.Parameter}</c>").ToArray();
            if (dropped.Length == 0) return;
            writer.WriteLine($"/// <remarks>The job's own parameters take the names of the options {string.Join(", ", dropped)}; {remedy}.</remarks>");
        }

        /// <summary><paramref name="name"/>, or with as many '_' appended as it takes to use no name in <paramref name="taken"/>.</summary>
        // What an async stub's token does, in its summary: a token cannot take back a job Redis already has.
        private static string AsyncSummary(string token) =>
            $", asynchronously; <paramref name=\"{token}\"/> cancels it only before the job is sent to Redis";

        private static string FreeName(string name, HashSet<string> taken)
        {
            while (taken.Contains(name)) name += "_";
            return name;
        }

        private static void WriteParameterList(SourceWriter writer, IReadOnlyList<string> parameters)
        {
            writer.Indentation++;
            for (var i = 0; i < parameters.Count; i++)
            {
                writer.WriteLine(parameters[i] + (i == parameters.Count - 1 ? ")" : ","));
            }

            writer.Indentation--;
        }

        private static void WriteOptionsInitializer(
            SourceWriter writer, IReadOnlyList<Option> options, string closing)
        {
            writer.WriteLine("new global::TypedJobs.EnqueueOptions");
            writer.OpenBlock();
            foreach (var option in options) writer.WriteLine($"{option.Property} = {option.Parameter},");
            writer.CloseBlock("}" + closing);
        }

        /// <summary>The job's own parameters first, then every option whose name no job parameter already uses.</summary>
        private static string[] FlattenedParameters(JobModel job, IEnumerable<Option> options) =>
        [
            .. Arguments(job).Select(static p =>
                $"{p.Type} {Parser.EscapeIdentifier(p.Name)}{(p.DefaultValue is null ? "" : " = " + p.DefaultValue)}"),
            .. options.Select(static o => $"{o.Type} {o.Parameter} = {(o.Type == "bool" ? "false" : "null")}"),
        ];

        // Where a job parameter has an option's name, the job's parameter wins and the option keeps its
        // default; the args-record overload still offers every option.
        private static Option[] KeptOptions(JobModel job, Option[] options)
        {
            var names = new HashSet<string>(Arguments(job).Select(static p => p.Name));
            return [.. options.Where(o => !names.Contains(o.Parameter))];
        }

        private static string DefaultsInitializer(JobDefaultsModel defaults)
        {
            if (defaults.IsEmpty) return "global::TypedJobs.JobDefaults.None";
            var assignments = new List<string>();
            if (defaults.Timeout is not null) assignments.Add("Timeout = " + Literal(defaults.Timeout));
            if (defaults.Ttl is not null) assignments.Add("Ttl = " + Literal(defaults.Ttl));
            if (defaults.ResultTtl is not null) assignments.Add("ResultTtl = " + Literal(defaults.ResultTtl));
            if (defaults.FailureTtl is not null) assignments.Add("FailureTtl = " + Literal(defaults.FailureTtl));
            if (defaults.Retries > 0)
            {
                // The intervals stay strings: Duration's implicit conversion parses them, as for the durations above.
                var retry = string.Join(", ", new[] { defaults.Retries.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(defaults.RetryIntervals.Select(Literal)));
                assignments.Add($"Retry = new global::TypedJobs.Retry({retry})");
            }
            return "new() { " + string.Join(", ", assignments) + " }";
        }

        private static string DescriptionExpression(JobModel job)
        {
            var arguments = Arguments(job).ToArray();
            var text = new StringBuilder();
            var literal = $"{job.ContainingTypeDisplay}.{job.MethodName}(";
            for (var i = 0; i < arguments.Length; i++)
            {
                literal += (i > 0 ? ", " : "") + arguments[i].Name + ": ";
                text.Append(Literal(literal))
                    .Append(" + global::TypedJobs.Dispatch.JobDescription.Format(a.")
                    .Append(Parser.EscapeIdentifier(arguments[i].MemberName))
                    .Append(") + ");
                literal = "";
            }

            return text.Append(Literal(literal + ")")).ToString();
        }

        private static string ArgumentList(JobModel job) =>
            string.Join(", ", Arguments(job).Select(static p => Parser.EscapeIdentifier(p.Name)));

        private static IEnumerable<ParameterModel> Arguments(JobModel job) =>
            job.Parameters.Where(static p => p.Kind == ParameterKind.Argument);

        private const string CallbackParameters =
            "global::TypedJobs.Dispatch.JobCallbackKind kind, global::TypedJobs.JobContext context, global::System.ReadOnlyMemory<byte> result, global::System.Exception? exception";

        private static bool HasCallback(JobModel job) => job.OnSuccess is not null || job.OnFailure is not null || job.OnStopped is not null;

        private static string Display(JobModel job) => job.ContainingTypeDisplay + "." + job.MethodName;

        private static string Access(JobModel job) => job.IsPublic ? "public" : "internal";

        private static string ArgsName(JobModel job) => job.MethodName + "Args";

        private static string FormatterName(JobModel job) => job.MethodName + "ArgsFormatter";

        private static string QualifiedName(JobModel job, string name) =>
            job.Namespace.Length == 0 ? "global::" + name : $"global::{job.Namespace}.{name}";

        private static string DefinitionType(JobModel job) =>
            job.ResultType is null ? "global::TypedJobs.JobDefinition" : $"global::TypedJobs.JobDefinition<{job.ResultType}>";

        private static string JobType(JobModel job) =>
            job.ResultType is null ? "global::TypedJobs.Job" : $"global::TypedJobs.Job<{job.ResultType}>";

        private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

        /// <summary>A queue option as a parameter of a flattened stub, and the <c>EnqueueOptions</c> property it sets.</summary>
        private sealed record Option(string Parameter, string Type, string Property);

        private static string SanitizeIdentifier(string name)
        {
            var builder = new StringBuilder(name.Length + 1);
            foreach (var c in name) builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
            if (builder.Length == 0 || char.IsDigit(builder[0])) builder.Insert(0, '_');
            return builder.ToString();
        }
    }
}
