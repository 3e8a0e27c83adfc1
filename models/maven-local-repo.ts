/**
 * Where mvn keeps its local repository, found the way Maven finds it: `-Dmaven.repo.local` in MAVEN_ARGS or
 * MAVEN_OPTS, else `<localRepository>` in the user's settings.xml, else `~/.m2/repository`. Only the byte
 * progress of a pull depends on it: a wrong guess costs the byte count, never the download.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PROPERTY = /(?:^|\s)-Dmaven\.repo\.local=(?:"([^"]*)"|'([^']*)'|(\S+))/;
const SETTING = /<localRepository>\s*([^<]*?)\s*<\/localRepository>/;

export function mavenLocalRepository(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  // Arguments on the command line (MAVEN_ARGS, Maven 3.9+) win over the JVM's options, as they do in mvn.
  for (const variable of [env.MAVEN_ARGS, env.MAVEN_OPTS]) {
    const match = variable === undefined ? null : PROPERTY.exec(variable);
    const value = match?.[1] ?? match?.[2] ?? match?.[3];
    if (value !== undefined && value !== '') return path.resolve(expand(value, env, home));
  }
  const configured = settingsRepository(path.join(home, '.m2', 'settings.xml'));
  if (configured !== undefined) return path.resolve(expand(configured, env, home));
  return path.join(home, '.m2', 'repository');
}

function settingsRepository(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // Comments first: the settings.xml Maven ships carries a commented-out <localRepository> example.
  const value = SETTING.exec(text.replace(/<!--[\s\S]*?-->/g, ''))?.[1];
  return value === undefined || value === '' ? undefined : value;
}

/** The two expressions settings.xml files use in practice: ${user.home} and ${env.NAME}. */
function expand(value: string, env: NodeJS.ProcessEnv, home: string): string {
  return value.replace(/\$\{(user\.home|env\.([A-Za-z_][A-Za-z0-9_]*))\}/g, (whole, _key: string, name: string | undefined) => {
    if (name === undefined) return home;
    return env[name] ?? whole;
  });
}
