import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The environment for the AWS CLI and boto3: dummy credentials (an endpoint that checks
 * signatures only needs them to be consistent), no pager, and no user config leaking in.
 */
export function awsEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDTESTDYNARING',
    AWS_SECRET_ACCESS_KEY: 'test-secret-key',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/nonexistent/dynaring-test-aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/dynaring-test-aws-credentials',
    AWS_MAX_ATTEMPTS: '1',
  };
}

/** Runs `aws dynamodb <args> --endpoint-url <endpoint> --output json` and parses stdout. */
export async function awsDynamodb(endpoint: string, args: string[]): Promise<Record<string, unknown>> {
  const cli = process.env.AWS_CLI ?? 'aws';
  try {
    const { stdout } = await run(cli, ['dynamodb', ...args, '--endpoint-url', endpoint, '--output', 'json'], {
      env: awsEnv(),
      timeout: 20_000,
    });
    return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`aws dynamodb ${args[0]} failed: ${e.stderr || e.message}`);
  }
}

/** Runs a Python script with argv [endpoint, ...args]; the script prints one JSON document. */
export async function runPython(script: string, endpoint: string, args: string[] = []): Promise<unknown> {
  const python = process.env.PYTHON ?? 'python3';
  try {
    const { stdout } = await run(python, ['-c', script, endpoint, ...args], { env: awsEnv(), timeout: 30_000 });
    return JSON.parse(stdout);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${python} failed: ${e.stderr || e.message}`);
  }
}
