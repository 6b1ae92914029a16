// What a plan tells the tree of the root it was made from: the root's variables (they replace its var
// files, as they did for the plan), the modules it could not read (written from the plan), the planned
// value of any resource or data source attribute the configuration leaves unknown, and what is sensitive.
import type { InstanceHost } from '../instances/module-instance';
import { plannedModule } from './planned-module';
import type { PlanValues } from './plan-values';

export function planHost(values: PlanValues, rootDir: string): Pick<InstanceHost, 'rootVariables' | 'plannedModule' | 'plannedAttribute' | 'sensitive'> {
  return {
    rootVariables: { has: (name) => values.variables.has(name), get: (name) => values.variables.get(name) },
    plannedModule: (address) => plannedModule(values, rootDir, address),
    plannedAttribute: (address, name) => {
      const planned = values.instances.get(address)?.values;
      return planned && Object.prototype.hasOwnProperty.call(planned, name) ? planned[name] : undefined;
    },
    sensitive: values.sensitive,
  };
}
